/**
 * Low-rank adapters over a float32 transformer read from its ONNX file: the adapter's deltas are
 * added to the base weights at load time and handed to ONNX Runtime as initializer overrides, so a
 * fine-tuned encoder ships as a small file next to the user's own copy of the base model.
 */
package io.github.emotion4j.text.encoder.adapt;
