/**
 * The learned speech encoder: a wav2vec2-style network (strided 1-D convolutions over the 16 kHz
 * waveform, a small transformer, attentive pooling, a dense classifier) trained from scratch with
 * DJL on Berlin EmoDB with on-the-fly augmentation ({@link
 * io.github.emotion4j.programs.audio.learned.WaveAugmenter}), evaluated leave-one-speaker-out with
 * settings fixed up front ({@link io.github.emotion4j.programs.audio.learned.LearnedSpeechEvaluation}),
 * exported for ONNX Runtime and TorchScript by {@code models/tools/learned-speech-encoder/export.py}
 * and run in the library through {@link io.github.emotion4j.audio.encoder.Wav2Vec2Encoder}.
 * Programs, not library code.
 */
package io.github.emotion4j.programs.audio.learned;
