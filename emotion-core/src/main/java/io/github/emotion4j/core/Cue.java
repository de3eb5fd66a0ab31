package io.github.emotion4j.core;

import java.util.Objects;

/**
 * A measured feature that moved a prediction, in plain words, e.g. feature
 * {@code pitch_range_semitones}, value 14.2, text "pitch range 2.1x the corpus median".
 */
public record Cue(Modality modality, String feature, double value, String text) {
    /** Checks that every component is present. */
    public Cue {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(text, "text");
    }
}
