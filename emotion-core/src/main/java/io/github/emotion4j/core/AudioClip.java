package io.github.emotion4j.core;

import java.util.Objects;

/**
 * Raw mono audio: samples in [-1, 1] at a sample rate.
 *
 * @param samples    the samples (copied)
 * @param sampleRate samples per second, > 0
 */
public record AudioClip(float[] samples, int sampleRate) {
    /** Copies the samples; the rate must be positive. */
    public AudioClip {
        samples = Objects.requireNonNull(samples, "samples").clone();
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
    }

    /** A copy of the samples. */
    @Override
    public float[] samples() {
        return samples.clone();
    }

    /** Number of samples, without copying. */
    public int length() {
        return samples.length;
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip a && sampleRate == a.sampleRate && java.util.Arrays.equals(samples, a.samples);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(samples) + sampleRate;
    }

    @Override
    public String toString() {
        return "AudioClip[" + samples.length + " samples @ " + sampleRate + " Hz]";
    }
}
