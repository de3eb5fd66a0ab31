/**
 * Trained multimodal fusion for emotion4j: the distribution-based input ({@link io.github.emotion4j.fusion.FusionInput}),
 * the base of the trained strategies ({@link io.github.emotion4j.fusion.NeuralFusion}) and training examples.
 * The strategies themselves live in {@code .attention} and {@code .moe}, calibration in {@code .calibration},
 * the DJL trainer in {@code .train}, evaluation in {@code .eval}.
 */
package io.github.emotion4j.fusion;
