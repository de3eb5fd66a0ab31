package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of fusing per-modality results.
 *
 * @param strategy       the strategy's name
 * @param distribution   the fused distribution
 * @param weights        each modality's contribution (weights or gate values), summing to 1
 * @param inconsistency  how much the modalities disagree, 0 (agree or only one) .. 1
 * @param mostDisagreeing the pair that disagrees most, when there are two or more modalities
 */
public record FusionResult(String strategy, EmotionDistribution distribution, Map<Modality, Double> weights,
                           double inconsistency, Optional<ModalityPair> mostDisagreeing) {
    public FusionResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(distribution, "distribution");
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        w.putAll(weights);
        weights = java.util.Collections.unmodifiableMap(w);
        if (!(inconsistency >= 0 && inconsistency <= 1 + 1e-9)) {
            throw new IllegalArgumentException("inconsistency must be in [0, 1], was " + inconsistency);
        }
        Objects.requireNonNull(mostDisagreeing, "mostDisagreeing");
    }
}
