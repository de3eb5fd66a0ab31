/** The public API: {@link io.github.emotion4j.core.EmotionRecognizer}, {@link io.github.emotion4j.core.MediaInput} and the immutable result types ({@link io.github.emotion4j.core.EmotionPrediction}, {@link io.github.emotion4j.core.EmotionDistribution}, {@link io.github.emotion4j.core.Dimensions}, ...). */
package io.github.emotion4j.core;
