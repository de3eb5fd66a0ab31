/**
 * Encoders derived at load time from a transformer's ONNX file, read and written with protobuf:
 * low-rank adapters over a float32 model (the adapter's deltas are added to the base weights and
 * handed to ONNX Runtime as initializer overrides, {@link io.github.emotion4j.text.encoder.adapt.LowRankAdapter}),
 * and the graph cut after its first layers ({@link io.github.emotion4j.text.encoder.adapt.OnnxTruncation}),
 * so that a derived encoder ships as a small file or a card line next to the user's own copy of the
 * base model. Needs {@code com.google.protobuf:protobuf-java}, an optional dependency of emotion-text.
 */
package io.github.emotion4j.text.encoder.adapt;
