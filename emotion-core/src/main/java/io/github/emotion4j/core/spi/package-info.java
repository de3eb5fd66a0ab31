/**
 * Service-provider interfaces that modality modules implement; found with {@link java.util.ServiceLoader}.
 * Providers declare their options as {@link io.github.emotion4j.core.spi.OptionSpec}s (checked when
 * the recognizer is built) and hand side-by-side work to the recognizer's executor with
 * {@link io.github.emotion4j.core.spi.ClaimableTask}.
 */
package io.github.emotion4j.core.spi;
