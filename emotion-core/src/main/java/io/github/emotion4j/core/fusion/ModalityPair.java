package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Modality;
import java.util.Objects;

/**
 * Two modalities and how far apart their distributions are.
 *
 * @param first      one modality
 * @param second     the other
 * @param divergence Jensen-Shannon divergence in bits, 0 (same) .. 1 (disjoint)
 */
public record ModalityPair(Modality first, Modality second, double divergence) {
    public ModalityPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }
}
