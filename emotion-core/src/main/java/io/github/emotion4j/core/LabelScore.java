package io.github.emotion4j.core;

import io.github.emotion4j.core.label.Emotion;
import java.util.Objects;

/** One label with its probability. */
public record LabelScore(Emotion label, double probability) {
    public LabelScore {
        Objects.requireNonNull(label, "label");
    }
}
