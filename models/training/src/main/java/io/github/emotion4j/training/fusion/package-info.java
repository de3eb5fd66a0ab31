/** {@link io.github.emotion4j.training.fusion.FusionTrainer}: trains attention and mixture-of-experts fusion with DJL, exported to the plain-Java weights emotion-fusion runs. */
package io.github.emotion4j.training.fusion;
