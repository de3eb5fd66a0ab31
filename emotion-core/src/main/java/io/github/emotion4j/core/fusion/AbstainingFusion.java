package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps a strategy and marks its result {@link FusionResult#abstained() abstained} when the
 * fused top probability is below a threshold. The distribution is unchanged; the threshold is
 * recorded in the details as {@code abstain.threshold}. Immutable and thread-safe.
 */
final class AbstainingFusion implements FusionStrategy {
    private final FusionStrategy delegate;
    private final double threshold;

    AbstainingFusion(FusionStrategy delegate, double threshold) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("abstain threshold must be in [0, 1], was " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
        FusionResult r = delegate.fuse(evidence);
        boolean abstain = r.distribution().top().probability() < threshold;
        return r.withDetails(Map.of("abstain.threshold", threshold)).withAbstained(abstain || r.abstained());
    }
}
