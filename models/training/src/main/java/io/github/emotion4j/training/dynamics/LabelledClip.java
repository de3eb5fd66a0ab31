package io.github.emotion4j.training.dynamics;

import java.util.Objects;

/**
 * One training clip: per-frame embeddings and probabilities of a face track and the clip's label.
 *
 * @param embeddings    T x D frame embeddings
 * @param probabilities T x C frame probabilities
 * @param label         class index into the probabilities' columns
 */
public record LabelledClip(float[][] embeddings, float[][] probabilities, int label) {
    /** Checks the components and copies the mutable ones. */
    public LabelledClip {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(probabilities, "probabilities");
        if (embeddings.length != probabilities.length || embeddings.length < 3) {
            throw new IllegalArgumentException("a clip needs T >= 3 frames with one embedding and one probability row each");
        }
        if (label < 0 || label >= probabilities[0].length) {
            throw new IllegalArgumentException("label " + label + " out of range");
        }
    }
}
