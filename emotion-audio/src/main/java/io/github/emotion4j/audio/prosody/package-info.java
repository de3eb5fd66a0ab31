/**
 * Prosodic and spectral features with TarsosDSP: {@link io.github.emotion4j.audio.prosody.ProsodyExtractor}
 * turns 16 kHz speech into a named {@link io.github.emotion4j.audio.prosody.FeatureVector}
 * (pitch contour, voicing, jitter/shimmer estimates, loudness, energy, MFCCs and deltas,
 * spectral shape, speaking-rate proxy), summarised by
 * {@link io.github.emotion4j.audio.prosody.Functionals} (Commons Math).
 */
package io.github.emotion4j.audio.prosody;
