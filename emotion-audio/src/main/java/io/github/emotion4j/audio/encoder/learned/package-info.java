/**
 * emotion4j's own learned speech encoder (wav2vec2-style, trained from scratch on EmoDB) run
 * through the same card-driven adapter as user-supplied wav2vec2/HuBERT models
 * ({@link io.github.emotion4j.audio.encoder.Wav2Vec2Encoder}), with the input checks a raw
 * waveform model needs (too short, silent, non-finite samples). An option, not the default
 * speech model.
 */
package io.github.emotion4j.audio.encoder.learned;
