/**
 * FER2013 fine-tuning of mini-Xception with DJL: the face cache, the network in DJL blocks, the
 * augmentation and the training program {@link io.github.emotion4j.programs.vision.fer.FerFineTune}.
 */
package io.github.emotion4j.programs.vision.fer;
