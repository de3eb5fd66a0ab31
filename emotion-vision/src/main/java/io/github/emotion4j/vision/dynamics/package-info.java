/**
 * Lifting-scheme facial dynamics over a face track: {@link io.github.emotion4j.vision.dynamics.LiftingDynamics}
 * splits a window's frames into static context and distinct dynamics from their inter-frame
 * similarity, aggregates a global context (update step), removes it (predict step) and weights the
 * frames whose residual dynamics are strongest. Plain Java; parameter-free by default, or with
 * predictor/updater weights ({@link io.github.emotion4j.vision.dynamics.LiftingParameters}) trained
 * by {@code io.github.emotion4j.training.dynamics.LiftingTrainer}.
 */
package io.github.emotion4j.vision.dynamics;
