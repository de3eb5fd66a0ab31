/**
 * Benchmark programs that print figures (never asserted in tests):
 * {@link io.github.emotion4j.vision.bench.VisionBenchmark} measures decode + detect + expression
 * frames per second on a generated 640x480 video with one face, on both engines.
 */
package io.github.emotion4j.vision.bench;
