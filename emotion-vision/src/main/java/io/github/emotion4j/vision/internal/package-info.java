/** Internals of the vision module shared by its packages; not public API. */
package io.github.emotion4j.vision.internal;
