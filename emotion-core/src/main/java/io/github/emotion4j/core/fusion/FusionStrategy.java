package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import java.util.Map;

/**
 * Combines per-modality results into one distribution. Any non-empty subset of modalities may
 * be present: a missing modality is normal. Implementations are immutable and thread-safe.
 */
public interface FusionStrategy {
    /** Short name, e.g. {@code "probability-guided"}. */
    String name();

    /**
     * Fuses results that all carry a distribution.
     *
     * @param results at least one result, each with {@link ModalityResult#hasEvidence()}
     */
    FusionResult fuse(Map<Modality, ModalityResult> results);
}
