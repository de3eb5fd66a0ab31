package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One training or evaluation example for fusion: the canonical distributions of the modalities
 * that are present, the embeddings of those that have one, and the true emotion. Immutable.
 *
 * @param canonical  modality to seven probabilities in {@link Emotion#CANONICAL} order (at least one;
 *                   renormalised to sum to 1)
 * @param embeddings modality to its encoder embedding (as the modality produced it; only for
 *                   modalities in {@code canonical}; may be empty)
 * @param label      the true emotion
 * @param group      who or what the example comes from (speaker, subject, comment id), for
 *                   group-wise splits; any string
 */
public record FusionExample(Map<Modality, double[]> canonical, Map<Modality, float[]> embeddings, Emotion label,
                            String group) {
    /** Checks the components and copies the mutable ones. */
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
        Map<Modality, float[]> e = new EnumMap<>(Modality.class);
        Objects.requireNonNull(embeddings, "embeddings").forEach((m, v) -> {
            if (!c.containsKey(m)) {
                throw new IllegalArgumentException(m + " has an embedding but no distribution");
            }
            e.put(m, v.clone());
        });
        embeddings = java.util.Collections.unmodifiableMap(e);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(group, "group");
    }

    /** An example without embeddings. */
    public FusionExample(Map<Modality, double[]> canonical, Emotion label, String group) {
        this(canonical, Map.of(), label, group);
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

    /** The fusion input of this example (with its embeddings). */
    public FusionInput input() {
        return FusionInput.ofCanonical(canonical, embeddings);
    }

    /** The probabilities of one modality (a copy), or null when it is absent. */
    public double[] probabilities(Modality m) {
        double[] p = canonical.get(m);
        return p == null ? null : p.clone();
    }

    /** The embedding of one modality (a copy), or null when it has none. */
    public float[] embedding(Modality m) {
        float[] e = embeddings.get(m);
        return e == null ? null : e.clone();
    }

    /** This example with only the given modalities (must keep at least one) and their embeddings. */
    public FusionExample keep(java.util.Set<Modality> keep) {
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        Map<Modality, float[]> e = new EnumMap<>(Modality.class);
        canonical.forEach((m, p) -> {
            if (keep.contains(m)) {
                c.put(m, p);
                if (embeddings.containsKey(m)) {
                    e.put(m, embeddings.get(m));
                }
            }
        });
        return new FusionExample(c, e, label, group);
    }

    /** This example without embeddings. */
    public FusionExample withoutEmbeddings() {
        return new FusionExample(canonical, label, group);
    }
}
