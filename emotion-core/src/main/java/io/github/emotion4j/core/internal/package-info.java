/** Implementation details of the recognizer (timeline alignment); not public API. */
package io.github.emotion4j.core.internal;
