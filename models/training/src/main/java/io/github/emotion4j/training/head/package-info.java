/**
 * Training classifier heads on embeddings or features you computed, at run time:
 * {@link io.github.emotion4j.training.head.LinearProbe} (multinomial logistic regression, full-batch
 * Adam), {@link io.github.emotion4j.training.head.HeadTrainer} (MLP ensembles packed into one head)
 * and {@link io.github.emotion4j.training.head.HeadFolder} (writes a model folder with its card that
 * {@code EmotionRecognizer.builder().model(modality, folder)} loads). Both trainers run DJL's Adam on
 * the PyTorch engine ({@code PyTorchEngine.engine()}) and return a plain-Java
 * {@link io.github.emotion4j.core.head.DenseHead}; see {@code models/training/README.md}.
 */
package io.github.emotion4j.training.head;
