/** Small numeric helpers shared by the plain-Java forward passes of the fusion networks; not public API. */
package io.github.emotion4j.fusion.internal;
