package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import java.util.Map;

/**
 * Combines per-modality evidence into one distribution. Any non-empty subset of modalities may
 * be present: a missing modality is normal. Each {@link ModalityEvidence} carries the
 * modality's distribution, its weight and its embedding when it has one; build it from results
 * with {@link ModalityEvidence#of(Map)} or from bare distributions with
 * {@link ModalityEvidence#ofDistributions(Map)}. Implementations are immutable and thread-safe.
 */
public interface FusionStrategy {
    /** Short name, e.g. {@code "probability-guided"}. */
    String name();

    /**
     * Fuses the evidence of at least one modality.
     *
     * @param evidence at least one modality's evidence, keyed by its modality
     * @throws IllegalArgumentException when {@code evidence} is empty
     */
    FusionResult fuse(Map<Modality, ModalityEvidence> evidence);
}
