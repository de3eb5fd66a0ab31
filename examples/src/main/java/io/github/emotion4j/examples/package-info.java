/**
 * Small runnable example programs on the public API: {@link io.github.emotion4j.examples.AnalyzeVideo},
 * {@link io.github.emotion4j.examples.AnalyzeAudio}, {@link io.github.emotion4j.examples.AnalyzeText},
 * {@link io.github.emotion4j.examples.FuseYourOwn} and {@link io.github.emotion4j.examples.TrainHead}. Each
 * has a {@code main}; none keeps state between runs.
 */
package io.github.emotion4j.examples;
