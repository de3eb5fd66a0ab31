/**
 * Model cards ({@code model.properties}): reading them ({@link io.github.emotion4j.core.model.ModelCard}),
 * writing them ({@link io.github.emotion4j.core.model.ModelCardWriter}, the one writer every trainer
 * uses), locating models on disk or on the classpath, and SHA-256 verification before use.
 */
package io.github.emotion4j.core.model;
