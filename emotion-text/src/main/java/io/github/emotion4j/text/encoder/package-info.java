/**
 * Runs transformer models on text: chunking long texts at sentence boundaries, padded batches,
 * ONNX Runtime or TorchScript sessions from core's engine runtime, pooling and normalisation.
 * {@link io.github.emotion4j.text.encoder.TransformerRunner} serves both sentence encoders
 * (MiniLM) and bring-your-own classifiers.
 */
package io.github.emotion4j.text.encoder;
