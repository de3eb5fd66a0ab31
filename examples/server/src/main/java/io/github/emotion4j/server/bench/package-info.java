/** The server benchmark: requests per second and latency percentiles against a running {@link io.github.emotion4j.server.EmotionServer}. */
package io.github.emotion4j.server.bench;
