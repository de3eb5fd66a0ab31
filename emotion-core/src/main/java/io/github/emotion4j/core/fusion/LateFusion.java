package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import java.util.Arrays;
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
    public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("nothing to fuse");
        }
        List<Emotion> labels = Divergences.unionLabels(evidence);
        Map<Modality, double[]> aligned = Divergences.aligned(evidence, labels);
        List<Modality> present = List.copyOf(aligned.keySet());
        double[] raw = new double[present.size()];
        double total = 0;
        for (int j = 0; j < raw.length; j++) {
            raw[j] = weights.get(present.get(j)) * evidence.get(present.get(j)).weight();
            total += raw[j];
        }
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        for (int j = 0; j < raw.length; j++) {
            w.put(present.get(j), total > 0 ? raw[j] / total : 1.0 / raw.length);
        }
        double[] fused;
        if (product) {
            List<double[]> logs = present.stream().map(m -> Arrays.stream(aligned.get(m))
                    .map(x -> Math.log(x + EPS)).toArray()).toList();
            double[] log = WeightedMean.of(logs, raw);
            double max = Arrays.stream(log).max().orElse(0);
            fused = Arrays.stream(log).map(x -> Math.exp(x - max)).toArray();
        } else {
            fused = WeightedMean.of(present.stream().map(aligned::get).toList(), raw);
        }
        Divergences.Disagreement d = Divergences.disagreement(aligned);
        return new FusionResult(name(), EmotionDistribution.fromScores(labels, fused), w, d.mean(), d.worst());
    }
}
