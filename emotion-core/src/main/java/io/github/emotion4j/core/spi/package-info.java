/** Service-provider interfaces that modality modules implement; found with {@link java.util.ServiceLoader}. */
package io.github.emotion4j.core.spi;
