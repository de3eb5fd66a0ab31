package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plain late fusion over per-modality distributions: a weighted average
 * ({@code p = sum_m w_m p_m}) or a product of experts
 * ({@code p ~ prod_m (p_m + eps)^w_m}). Weights are fixed per modality (default 1) and
 * renormalised over the modalities present.
 */
final class LateFusion implements FusionStrategy {
    private static final double EPS = 1e-4;

    private final Map<Modality, Double> weights;
    private final boolean product;

    LateFusion(Map<Modality, Double> weights, boolean product) {
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            double v = weights.getOrDefault(m, 1.0);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("weight of " + m + " must be finite and >= 0, was " + v);
            }
            w.put(m, v);
        }
        this.weights = w;
        this.product = product;
    }

    @Override
    public String name() {
        return product ? "product-of-experts" : "late";
    }

    @Override
    public FusionResult fuse(Map<Modality, ModalityResult> results) {
        Objects.requireNonNull(results, "results");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("nothing to fuse");
        }
        List<Emotion> labels = Divergences.unionLabels(results.values().stream()
                .map(r -> r.distribution().orElseThrow()).toList());
        Map<Modality, double[]> aligned = Divergences.aligned(results, labels);
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        double total = 0;
        for (Modality m : aligned.keySet()) {
            total += weights.get(m);
        }
        for (Modality m : aligned.keySet()) {
            w.put(m, total > 0 ? weights.get(m) / total : 1.0 / aligned.size());
        }
        double[] fused = new double[labels.size()];
        if (product) {
            double[] log = new double[labels.size()];
            aligned.forEach((m, p) -> {
                for (int i = 0; i < log.length; i++) {
                    log[i] += w.get(m) * Math.log(p[i] + EPS);
                }
            });
            double max = java.util.Arrays.stream(log).max().orElse(0);
            for (int i = 0; i < fused.length; i++) {
                fused[i] = Math.exp(log[i] - max);
            }
        } else {
            aligned.forEach((m, p) -> {
                for (int i = 0; i < fused.length; i++) {
                    fused[i] += w.get(m) * p[i];
                }
            });
        }
        Divergences.Disagreement d = Divergences.disagreement(aligned);
        return new FusionResult(name(), EmotionDistribution.fromScores(labels, fused), w, d.mean(), d.worst());
    }
}
