/**
 * The machinery behind {@link io.github.emotion4j.live.LiveSession}: source captures (FFmpeg via
 * JavaCV, javax.sound), the bounded queues, the queue-fed audio stream for the speech segmenter
 * and the window fuser. Not public API: it may change without notice.
 */
package io.github.emotion4j.live.internal;
