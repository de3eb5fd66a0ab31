package io.github.emotion4j.audio.vad;

import io.github.emotion4j.core.TimeSpan;
import java.util.Objects;

/**
 * A stretch of speech found by the {@link SpeechSegmenter}: its first sample's position in the
 * stream and its 16 kHz samples (with a little padding on either side).
 *
 * @param startSample index of the first sample in the 16 kHz stream
 * @param samples     the samples (not copied: the segmenter hands over a fresh array)
 */
public record SpeechSegment(long startSample, float[] samples) {
    public SpeechSegment {
        Objects.requireNonNull(samples, "samples");
        if (startSample < 0) {
            throw new IllegalArgumentException("startSample must be >= 0");
        }
    }

    /** Start and end in seconds. */
    public TimeSpan span() {
        return new TimeSpan(startSample / 16_000.0, (startSample + samples.length) / 16_000.0);
    }

    /** Duration in seconds. */
    public double seconds() {
        return samples.length / 16_000.0;
    }
}
