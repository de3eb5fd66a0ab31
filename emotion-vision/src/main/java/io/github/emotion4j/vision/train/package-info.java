/**
 * DJL training programs (PyTorch engine): {@link io.github.emotion4j.vision.train.LiftingTrainer}
 * learns the predictor/updater of the lifting-scheme dynamics on labelled clips and exports them as
 * {@link io.github.emotion4j.vision.dynamics.LiftingParameters}, which plain Java code reads at
 * inference time. The only package of this module that touches DJL.
 */
package io.github.emotion4j.vision.train;
