/** Model cards ({@code model.properties}), locating models on disk or on the classpath, and SHA-256 verification before use. */
package io.github.emotion4j.core.model;
