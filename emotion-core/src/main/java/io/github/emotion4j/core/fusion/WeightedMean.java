package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Objects;

/**
 * The one weighted mean the library uses for distributions and for valence/arousal/dominance:
 * {@code x = sum_i w_i x_i / sum_i w_i}. Weights are finite and {@code >= 0}; when they are all
 * 0 every item counts the same. Stateless.
 */
public final class WeightedMean {
    private WeightedMean() {
    }

    /**
     * The weighted mean of equally long vectors.
     *
     * @param vectors at least one vector, all of one length
     * @param weights one weight per vector
     */
    public static double[] of(List<double[]> vectors, double[] weights) {
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(weights, "weights");
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("nothing to average");
        }
        if (vectors.size() != weights.length) {
            throw new IllegalArgumentException(vectors.size() + " vectors but " + weights.length + " weights");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, was " + w);
            }
            total += w;
        }
        int n = vectors.get(0).length;
        double[] out = new double[n];
        for (int j = 0; j < weights.length; j++) {
            double[] v = vectors.get(j);
            if (v.length != n) {
                throw new IllegalArgumentException("vector " + j + " has " + v.length + " values, not " + n);
            }
            double w = total > 0 ? weights[j] / total : 1.0 / weights.length;
            for (int i = 0; i < n; i++) {
                out[i] += w * v[i];
            }
        }
        return out;
    }

    /**
     * The weighted mean of distributions: over their common label list when they share one, else
     * over the union of their labels (in {@link Emotion} order).
     */
    public static EmotionDistribution distributions(List<EmotionDistribution> distributions, double[] weights) {
        Objects.requireNonNull(distributions, "distributions");
        if (distributions.size() == 1 && weights.length == 1) {
            return distributions.get(0);
        }
        List<Emotion> first = distributions.isEmpty() ? List.of() : distributions.get(0).labels();
        List<Emotion> labels = distributions.stream().allMatch(d -> d.labels().equals(first)) ? first
                : Divergences.unionLabels(distributions);
        return EmotionDistribution.fromScores(labels,
                of(distributions.stream().map(d -> d.over(labels).probabilities()).toList(), weights));
    }

    /** The weighted mean of valence/arousal/dominance triples. */
    public static Dimensions dimensions(List<Dimensions> dimensions, double[] weights) {
        Objects.requireNonNull(dimensions, "dimensions");
        double[] m = of(dimensions.stream().map(d -> new double[] {d.valence(), d.arousal(), d.dominance()}).toList(),
                weights);
        return new Dimensions(clamp(m[0]), clamp(m[1]), clamp(m[2]));
    }

    private static double clamp(double x) {
        return Math.max(-1, Math.min(1, x));
    }
}
