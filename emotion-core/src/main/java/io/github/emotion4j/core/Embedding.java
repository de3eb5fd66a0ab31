package io.github.emotion4j.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A vector an encoder produced for one modality over one stretch of time.
 *
 * @param modality where it came from
 * @param vector   the values (copied)
 * @param span     the time it covers, empty for timeless input such as a plain text or a photo
 * @param modelId  id of the encoder model
 */
public record Embedding(Modality modality, float[] vector, Optional<TimeSpan> span, String modelId) {
    /** Checks the components and copies the vector. */
    public Embedding {
        Objects.requireNonNull(modality, "modality");
        vector = Objects.requireNonNull(vector, "vector").clone();
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(modelId, "modelId");
    }

    /** A copy of the values. */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** Number of values. */
    public int dimension() {
        return vector.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && modality == e.modality && Arrays.equals(vector, e.vector)
                && span.equals(e.span) && modelId.equals(e.modelId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modality, Arrays.hashCode(vector), span, modelId);
    }

    @Override
    public String toString() {
        return "Embedding[" + modality + ", dim=" + vector.length + ", " + span + ", " + modelId + "]";
    }
}
