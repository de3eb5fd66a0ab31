/**
 * emotion-audio: speech emotion from audio files, video soundtracks and raw samples.
 * {@link io.github.emotion4j.audio.AudioAnalyzerProvider} (provider {@code audio-prosody}) plugs
 * the {@link io.github.emotion4j.audio.AudioAnalyzer} into emotion-core through
 * {@link java.util.ServiceLoader}.
 */
package io.github.emotion4j.audio;
