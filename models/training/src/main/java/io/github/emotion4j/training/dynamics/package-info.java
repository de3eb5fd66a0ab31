/**
 * Training the lifting-scheme facial dynamics parameters on labelled clips of face-expression
 * distributions: {@link io.github.emotion4j.training.dynamics.LiftingTrainer} (DJL autograd and
 * DJL's Adam on the PyTorch engine) over {@link io.github.emotion4j.training.dynamics.LabelledClip}s,
 * exported as emotion-vision's {@code LiftingParameters}. Needs emotion-vision on the classpath.
 */
package io.github.emotion4j.training.dynamics;
