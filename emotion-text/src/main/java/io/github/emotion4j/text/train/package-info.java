/**
 * Reproducible training programs (DJL on the PyTorch engine) for the text emotion heads shipped
 * in {@code emotion4j-models}: GoEmotions comments are embedded once with the MiniLM encoder,
 * small MLPs are trained on the embeddings and exported to core's {@code DenseHead} format.
 * Not used at inference time.
 */
package io.github.emotion4j.text.train;
