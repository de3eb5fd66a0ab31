package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The input of the trained fusion networks: for each modality that is present, its distribution
 * over the seven canonical emotions, turned into a fixed-size token of {@link #TOKEN_FEATURES}
 * numbers. Immutable.
 *
 * <p>The distribution of each modality always makes the token; the evidence's weight is not read.
 * An input also keeps each modality's {@link ModalityEvidence#embedding()} when it has one
 * (L2-normalised), which only networks of layout {@link #LAYOUT_EMBEDDINGS} read: a
 * {@code dist16-v1} network gives the same output with or without embeddings, so it keeps working
 * when a modality module changes its encoder, and a timeline segment's bare distributions fuse like
 * whole results. Labels outside the canonical seven (contempt, boredom, other) are dropped and the
 * rest renormalised.
 *
 * <p>Token layout ({@code features=dist16-v1} in the model card), for canonical probabilities
 * {@code p[0..6]} in {@link Emotion#CANONICAL} order:
 * <pre>
 *   [0..6]   p[k]
 *   [7..13]  ln(p[k] + 1e-4) / ln(1e4)          (in [-1, 0])
 *   [14]     1 - H(p) / ln 7                      (confidence)
 *   [15]     top probability - second             (margin)
 * </pre>
 * An absent modality's token is all zeros and its presence flag is false.
 *
 * <p>Layout {@code dist16+emb-v1} ({@link #LAYOUT_EMBEDDINGS}) appends to each token a learned
 * linear projection of the modality's L2-normalised embedding, {@code e_m E_m} with
 * {@code E_m = embed.<modality>.weight [n_m, d]} (no bias), so the token has {@code 16 + d} numbers;
 * the projection is zero when the modality is absent, has no embedding, has no {@code E_m} (a
 * modality trained without embeddings) or an embedding of another size than {@code n_m}. The
 * networks build it with {@link TokenLayout}.
 */
public final class FusionInput {
    /** The modalities in token order. */
    public static final List<Modality> MODALITIES = List.of(Modality.AUDIO, Modality.VISION, Modality.TEXT);
    /** Numbers per modality token. */
    public static final int TOKEN_FEATURES = 16;
    /** Name of the token layout, recorded in model cards. */
    public static final String LAYOUT = "dist16-v1";
    /** Name of the token layout with projected embeddings, recorded in model cards. */
    public static final String LAYOUT_EMBEDDINGS = "dist16+emb-v1";
    private static final double LOG_EPS = 1e-4;

    private final double[][] probabilities;
    private final float[][] embeddings;

    private FusionInput(double[][] probabilities, float[][] embeddings) {
        this.probabilities = probabilities;
        this.embeddings = embeddings;
    }

    /**
     * From canonical probabilities per modality.
     *
     * @param canonical modality to seven probabilities in {@link Emotion#CANONICAL} order
     */
    public static FusionInput ofCanonical(Map<Modality, double[]> canonical) {
        return ofCanonical(canonical, Map.of());
    }

    /**
     * From canonical probabilities and embeddings per modality.
     *
     * @param canonical  modality to seven probabilities in {@link Emotion#CANONICAL} order
     * @param embeddings modality to its embedding (any size, finite; L2-normalised here), only for
     *                   modalities in {@code canonical}
     */
    public static FusionInput ofCanonical(Map<Modality, double[]> canonical, Map<Modality, float[]> embeddings) {
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(embeddings, "embeddings");
        double[][] p = new double[MODALITIES.size()][];
        canonical.forEach((m, v) -> {
            if (v.length != Emotion.CANONICAL.size()) {
                throw new IllegalArgumentException(m + ": expected 7 canonical probabilities, got " + v.length);
            }
            p[MODALITIES.indexOf(m)] = normalise(v.clone());
        });
        float[][] e = new float[MODALITIES.size()][];
        embeddings.forEach((m, v) -> {
            if (!canonical.containsKey(m)) {
                throw new IllegalArgumentException(m + " has an embedding but no distribution");
            }
            e[MODALITIES.indexOf(m)] = unit(m, v);
        });
        return new FusionInput(p, e);
    }

    /** From distributions (any labels; projected on the canonical seven). */
    public static FusionInput ofDistributions(Map<Modality, EmotionDistribution> distributions) {
        Objects.requireNonNull(distributions, "distributions");
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        distributions.forEach((m, d) -> c.put(m, canonical(d)));
        return ofCanonical(c);
    }

    /** From per-modality evidence: its distributions and embeddings (weights are not read). */
    public static FusionInput of(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        Map<Modality, float[]> v = new EnumMap<>(Modality.class);
        evidence.forEach((m, e) -> {
            c.put(m, canonical(e.distribution()));
            e.embedding().ifPresent(x -> v.put(m, x.vector()));
        });
        return ofCanonical(c, v);
    }

    /** A distribution's probabilities over the canonical seven (uniform when it has none of them). */
    public static double[] canonical(EmotionDistribution d) {
        return d.over(Emotion.CANONICAL).probabilities();
    }

    /** Whether a modality is present. */
    public boolean has(Modality m) {
        return probabilities[MODALITIES.indexOf(m)] != null;
    }

    /** Number of modalities present. */
    public int count() {
        int n = 0;
        for (double[] p : probabilities) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    /** Canonical probabilities of the modalities present, in token order. */
    public Map<Modality, double[]> canonical() {
        Map<Modality, double[]> out = new EnumMap<>(Modality.class);
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] != null) {
                out.put(MODALITIES.get(i), probabilities[i].clone());
            }
        }
        return out;
    }

    /** A modality's L2-normalised embedding (a copy), when it is present and has one. */
    public Optional<float[]> embedding(Modality m) {
        float[] e = embeddings[MODALITIES.indexOf(m)];
        return e == null ? Optional.empty() : Optional.of(e.clone());
    }

    /** This input with each modality's distribution sharpened or softened by its temperature (embeddings kept). */
    public FusionInput withTemperatures(Map<Modality, Double> temperatures) {
        double[][] p = new double[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            if (probabilities[i] != null) {
                double t = temperatures.getOrDefault(MODALITIES.get(i), 1.0);
                p[i] = t == 1.0 ? probabilities[i].clone() : Temperature.apply(probabilities[i], t);
            }
        }
        return new FusionInput(p, embeddings);
    }

    /** This input with only the given modalities (and their embeddings) kept. */
    public FusionInput keep(java.util.Set<Modality> keep) {
        double[][] p = new double[probabilities.length][];
        float[][] e = new float[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            if (probabilities[i] != null && keep.contains(MODALITIES.get(i))) {
                p[i] = probabilities[i].clone();
                e[i] = embeddings[i];
            }
        }
        return new FusionInput(p, e);
    }

    /** This input without any embedding (distributions only). */
    public FusionInput withoutEmbeddings() {
        return new FusionInput(probabilities, new float[probabilities.length][]);
    }

    /** Presence flags in token order. */
    public boolean[] presence() {
        boolean[] b = new boolean[probabilities.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = probabilities[i] != null;
        }
        return b;
    }

    /** The tokens, {@code [3][TOKEN_FEATURES]}; zeros for absent modalities. */
    public float[][] tokens() {
        float[][] t = new float[probabilities.length][TOKEN_FEATURES];
        for (int i = 0; i < t.length; i++) {
            if (probabilities[i] != null) {
                t[i] = token(probabilities[i]);
            }
        }
        return t;
    }

    /** One modality token from canonical probabilities. */
    public static float[] token(double[] p) {
        float[] f = new float[TOKEN_FEATURES];
        double h = 0;
        double first = 0;
        double second = 0;
        for (int k = 0; k < 7; k++) {
            f[k] = (float) p[k];
            f[7 + k] = (float) (Math.log(p[k] + LOG_EPS) / Math.log(1 / LOG_EPS));
            if (p[k] > 0) {
                h -= p[k] * Math.log(p[k]);
            }
            if (p[k] > first) {
                second = first;
                first = p[k];
            } else if (p[k] > second) {
                second = p[k];
            }
        }
        f[14] = (float) (1 - h / Math.log(7));
        f[15] = (float) (first - second);
        return f;
    }

    private static float[] unit(Modality m, float[] v) {
        double s = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(m + ": embedding values must be finite");
            }
            s += (double) x * x;
        }
        double n = Math.sqrt(s);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = n > 0 ? (float) (v[i] / n) : 0f;
        }
        return u;
    }

    private static double[] normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("probabilities must be finite and >= 0");
            }
            s += x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = s > 0 ? v[i] / s : 1.0 / v.length;
        }
        return v;
    }
}
