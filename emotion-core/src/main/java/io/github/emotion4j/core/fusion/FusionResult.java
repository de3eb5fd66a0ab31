package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of fusing per-modality results. Immutable.
 *
 * @param strategy       the strategy's name
 * @param distribution   the fused distribution
 * @param weights        each modality's contribution (weights or gate values), summing to 1
 * @param inconsistency  how much the modalities disagree, 0 (agree or only one) .. 1
 * @param mostDisagreeing the pair that disagrees most, when there are two or more modalities
 * @param details        extra named figures of the strategy, e.g. a mixture of experts' gate
 *                       values ({@code gate.audio}, {@code gate.cross-modal}), attention weights
 *                       or calibration temperatures; empty for the plain strategies
 * @param abstained      true when an abstain threshold was set and the fused top probability fell
 *                       below it: the answer is "uncertain" ({@link #decision()} is empty) while
 *                       {@link #distribution()} is kept as it was
 */
public record FusionResult(String strategy, EmotionDistribution distribution, Map<Modality, Double> weights,
                           double inconsistency, Optional<ModalityPair> mostDisagreeing,
                           Map<String, Double> details, boolean abstained) {
    public FusionResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(distribution, "distribution");
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        w.putAll(weights);
        weights = Collections.unmodifiableMap(w);
        if (!(inconsistency >= 0 && inconsistency <= 1 + 1e-9)) {
            throw new IllegalArgumentException("inconsistency must be in [0, 1], was " + inconsistency);
        }
        Objects.requireNonNull(mostDisagreeing, "mostDisagreeing");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A result without details that did not abstain (the form the plain strategies return). */
    public FusionResult(String strategy, EmotionDistribution distribution, Map<Modality, Double> weights,
                        double inconsistency, Optional<ModalityPair> mostDisagreeing) {
        this(strategy, distribution, weights, inconsistency, mostDisagreeing, Map.of(), false);
    }

    /** The fused top label, or empty when the strategy abstained ("uncertain"). */
    public Optional<LabelScore> decision() {
        return abstained ? Optional.empty() : Optional.of(distribution.top());
    }

    /** This result with {@code abstained} set as given. */
    public FusionResult withAbstained(boolean abstain) {
        return new FusionResult(strategy, distribution, weights, inconsistency, mostDisagreeing, details, abstain);
    }

    /** This result with more details (later keys win). */
    public FusionResult withDetails(Map<String, Double> more) {
        Map<String, Double> d = new LinkedHashMap<>(details);
        d.putAll(more);
        return new FusionResult(strategy, distribution, weights, inconsistency, mostDisagreeing, d, abstained);
    }
}
