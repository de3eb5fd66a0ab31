/**
 * Training programs (DJL on the PyTorch engine; the only package that may use DJL):
 * {@link io.github.emotion4j.audio.train.EmoDbTrainer} trains and evaluates the default speech
 * emotion model leave-one-speaker-out on Berlin EmoDB; {@link io.github.emotion4j.audio.train.HeadTrainer}
 * trains a classification head (also on wav2vec2/HuBERT embeddings) and exports it as a
 * {@link io.github.emotion4j.core.head.DenseHead}.
 */
package io.github.emotion4j.audio.train;
