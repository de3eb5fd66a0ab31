/**
 * Voice activity detection and segmentation: the default {@link io.github.emotion4j.audio.vad.EnergyVad},
 * the optional {@link io.github.emotion4j.audio.vad.SileroVad} (ONNX, option {@code audio.vad=silero}),
 * and the streaming {@link io.github.emotion4j.audio.vad.SpeechSegmenter} that merges, drops and
 * splits speech into the segments of the audio timeline.
 */
package io.github.emotion4j.audio.vad;
