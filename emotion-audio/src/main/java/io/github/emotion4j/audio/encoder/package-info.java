/**
 * Adapters for user-supplied wav2vec2/HuBERT-style encoders that read the raw 16 kHz waveform
 * (ONNX or TorchScript through emotion-core's engines): {@link io.github.emotion4j.audio.encoder.Wav2Vec2Encoder}
 * supports the audEERING dimensional contract and Hugging Face {@code last_hidden_state} exports
 * (mean or attentive pooling, optional trained head); {@link io.github.emotion4j.audio.encoder.Chunker}
 * windows long input.
 */
package io.github.emotion4j.audio.encoder;
