package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input of the trained fusion networks: for each modality that is present, its distribution
 * over the seven canonical emotions, turned into a fixed-size token of {@link #TOKEN_FEATURES}
 * numbers. Immutable.
 *
 * <p>Only the evidence's distributions are used — not its {@link ModalityEvidence#embedding()}
 * nor its weight — so a fusion model keeps working when a modality module changes its encoder or
 * embedding size, and a timeline segment's bare distributions fuse like whole results. Labels outside the
 * canonical seven (contempt, boredom, other) are dropped and the rest renormalised.
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
 */
public final class FusionInput {
    /** The modalities in token order. */
    public static final List<Modality> MODALITIES = List.of(Modality.AUDIO, Modality.VISION, Modality.TEXT);
    /** Numbers per modality token. */
    public static final int TOKEN_FEATURES = 16;
    /** Name of the token layout, recorded in model cards. */
    public static final String LAYOUT = "dist16-v1";
    private static final double LOG_EPS = 1e-4;

    private final double[][] probabilities;

    private FusionInput(double[][] probabilities) {
        this.probabilities = probabilities;
    }

    /**
     * From canonical probabilities per modality.
     *
     * @param canonical modality to seven probabilities in {@link Emotion#CANONICAL} order
     */
    public static FusionInput ofCanonical(Map<Modality, double[]> canonical) {
        Objects.requireNonNull(canonical, "canonical");
        double[][] p = new double[MODALITIES.size()][];
        canonical.forEach((m, v) -> {
            if (v.length != Emotion.CANONICAL.size()) {
                throw new IllegalArgumentException(m + ": expected 7 canonical probabilities, got " + v.length);
            }
            p[MODALITIES.indexOf(m)] = normalise(v.clone());
        });
        return new FusionInput(p);
    }

    /** From distributions (any labels; projected on the canonical seven). */
    public static FusionInput ofDistributions(Map<Modality, EmotionDistribution> distributions) {
        Objects.requireNonNull(distributions, "distributions");
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        distributions.forEach((m, d) -> c.put(m, canonical(d)));
        return ofCanonical(c);
    }

    /** From per-modality evidence (its distributions; weights and embeddings are not part of this layout). */
    public static FusionInput of(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        Map<Modality, double[]> c = new EnumMap<>(Modality.class);
        evidence.forEach((m, e) -> c.put(m, canonical(e.distribution())));
        return ofCanonical(c);
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

    /** This input with each modality's distribution sharpened or softened by its temperature. */
    public FusionInput withTemperatures(Map<Modality, Double> temperatures) {
        double[][] p = new double[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            if (probabilities[i] != null) {
                double t = temperatures.getOrDefault(MODALITIES.get(i), 1.0);
                p[i] = t == 1.0 ? probabilities[i].clone() : Temperature.apply(probabilities[i], t);
            }
        }
        return new FusionInput(p);
    }

    /** This input with only the given modalities kept. */
    public FusionInput keep(java.util.Set<Modality> keep) {
        double[][] p = new double[probabilities.length][];
        for (int i = 0; i < p.length; i++) {
            if (probabilities[i] != null && keep.contains(MODALITIES.get(i))) {
                p[i] = probabilities[i].clone();
            }
        }
        return new FusionInput(p);
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
