package io.github.emotion4j.live.internal;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Objects;

/** One item out of a source: a sampled video frame or a block of 16 kHz audio. Immutable. */
public sealed interface Captured permits Captured.Frame, Captured.Audio {
    /** Media time in seconds (the source's own clock until the session rebases it). */
    double time();

    /** Wall-clock time at which the item came out of the source. */
    Instant capturedAt();

    /** The same item at another time. */
    Captured at(double time);

    /**
     * A sampled frame.
     *
     * @param image      a fresh BGR copy, owned by the receiver
     * @param time       media time in seconds
     * @param capturedAt when it came out of the source
     */
    record Frame(BufferedImage image, double time, Instant capturedAt) implements Captured {
        /** Checks the components and copies the mutable ones. */
        public Frame {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(capturedAt, "capturedAt");
        }

        @Override
        public Frame at(double t) {
            return new Frame(image, t, capturedAt);
        }
    }

    /**
     * A block of mono 16 kHz samples in [-1, 1].
     *
     * @param samples    the samples (owned by the receiver; not copied)
     * @param time       media time of the first sample, seconds
     * @param capturedAt when it came out of the source
     */
    record Audio(float[] samples, double time, Instant capturedAt) implements Captured {
        /** Checks the components and copies the mutable ones. */
        public Audio {
            Objects.requireNonNull(samples, "samples");
            Objects.requireNonNull(capturedAt, "capturedAt");
        }

        @Override
        public Audio at(double t) {
            return new Audio(samples, t, capturedAt);
        }
    }
}
