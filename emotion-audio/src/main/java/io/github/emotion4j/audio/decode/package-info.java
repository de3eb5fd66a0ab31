/**
 * Audio in: {@link io.github.emotion4j.audio.decode.AudioDecoder} opens WAV files with a
 * pure-Java reader, every other format (and the audio track of a video) with FFmpeg through
 * JavaCV, and raw sample arrays; everything comes out as a 16 kHz mono
 * {@link io.github.emotion4j.audio.decode.AudioStream} read block by block, resampled by the
 * anti-aliased windowed-sinc {@link io.github.emotion4j.audio.decode.Resampler}. JavaCV types
 * never leave this package.
 */
package io.github.emotion4j.audio.decode;
