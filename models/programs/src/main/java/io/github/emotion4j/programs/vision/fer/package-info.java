/**
 * FER2013 fine-tuning with DJL: of mini-Xception ({@link io.github.emotion4j.programs.vision.fer.FerFineTune}:
 * the face cache, the network in DJL blocks, the augmentation) and of face-expression-net's last dense
 * block and classifier over a cached frozen trunk
 * ({@link io.github.emotion4j.programs.vision.fer.FerDenseFineTune}, {@code TrunkCache}, {@code Dense3Djl});
 * the ensemble head ({@link io.github.emotion4j.programs.vision.fer.FitExpressionEnsemble}).
 */
package io.github.emotion4j.programs.vision.fer;
