package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One training or evaluation example for fusion: the canonical distributions of the modalities
 * that are present, and the true emotion. Immutable.
 *
 * @param canonical modality to seven probabilities in {@link Emotion#CANONICAL} order (at least one;
 *                  renormalised to sum to 1)
 * @param label     the true emotion
 * @param group     who or what the example comes from (speaker, subject, comment id), for
 *                  group-wise splits; any string
 */
public record FusionExample(Map<Modality, double[]> canonical, Emotion label, String group) {
    public FusionExample {
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        Objects.requireNonNull(canonical, "canonical").forEach((m, p) -> {
            if (p.length != Emotion.CANONICAL.size()) {
                throw new IllegalArgumentException(m + ": expected 7 canonical probabilities, got " + p.length);
            }
            c.put(m, normalised(m, p));
        });
        if (c.isEmpty()) {
            throw new IllegalArgumentException("an example needs at least one modality");
        }
        canonical = java.util.Collections.unmodifiableMap(c);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
    }

    private static double[] normalised(Modality m, double[] p) {
        double sum = 0;
        for (double v : p) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(m + ": probabilities must be finite and >= 0");
            }
            sum += v;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(m + ": probabilities sum to 0");
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] / sum;
        }
        return out;
    }

    /** From distributions over any labels. */
    public static FusionExample of(Map<Modality, EmotionDistribution> distributions, Emotion label, String group) {
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        distributions.forEach((m, d) -> c.put(m, FusionInput.canonical(d)));
        return new FusionExample(c, label, group);
    }

    /** The fusion input of this example. */
    public FusionInput input() {
        return FusionInput.ofCanonical(canonical);
    }

    /** The probabilities of one modality (a copy), or null when it is absent. */
    public double[] probabilities(Modality m) {
        double[] p = canonical.get(m);
        return p == null ? null : p.clone();
    }

    /** This example with only the given modalities (must keep at least one). */
    public FusionExample keep(java.util.Set<Modality> keep) {
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        canonical.forEach((m, p) -> {
            if (keep.contains(m)) {
                c.put(m, p);
            }
        });
        return new FusionExample(c, label, group);
    }
}
