package io.github.emotion4j.vision.dynamics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Lifting-scheme facial dynamics over the frames of one face track (after the inter-frame
 * static/dynamic decomposition idea of the IFDD paper; this is emotion4j's own formulation).
 *
 * <p>For frame embeddings {@code x_t} (t = 1..T) and frame probabilities {@code p_t}:
 * <ol>
 *   <li><b>Split</b>, computed on the fly from inter-frame similarity: {@code s_t} = mean cosine
 *       similarity of frame t to the other frames, {@code delta_t = 1 - s_t};
 *       dynamic membership {@code m_t = sigmoid((delta_t - median(delta) - theta) / tau)}. Frames
 *       like most others carry the static/global context; frames that stand out carry distinct
 *       dynamics.</li>
 *   <li><b>Update</b>: the updater aggregates both groups into a global context
 *       {@code c = xS + (rho I + U)(xD - xS)}, where {@code xS}, {@code xD} are the
 *       membership-weighted means of the static and dynamic groups and {@code rho} the dynamic
 *       fraction (with {@code U = 0}, {@code c} is the clip mean: the classic mean-preserving update).</li>
 *   <li><b>Predict</b>: the predictor removes the context, {@code d_t = x_t - ((I + P) c + b)},
 *       leaving the emotion-related dynamics; {@code r_t = m_t |d_t|}.</li>
 *   <li><b>Output</b>: attention {@code a_t = r_t / sum r}, gate {@code g = max m_t}, frame weights
 *       {@code w_t = (1 - g) / T + g a_t}; clip distribution {@code sum w_t p_t}; clip embedding
 *       {@code [c, sum a_t d_t]}.</li>
 * </ol>
 * With all learnable parts zero ({@link LiftingParameters#parameterFree(int)}) it needs no
 * training; when every frame looks alike the gate is near 0 and the result is mean pooling.
 * The training program {@code io.github.emotion4j.training.dynamics.LiftingTrainer} implements the same
 * formulas with DJL. Immutable and thread-safe.
 */
public final class LiftingDynamics {
    private static final double EPS = 1e-6;

    private final LiftingParameters params;

    /** With the given parameters. */
    public LiftingDynamics(LiftingParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /** The parameter-free step for probability embeddings of {@code dim} classes. */
    public static LiftingDynamics parameterFree(int dim) {
        return new LiftingDynamics(LiftingParameters.parameterFree(dim));
    }

    /** The parameters. */
    public LiftingParameters parameters() {
        return params;
    }

    /**
     * The frame embedding used when only probabilities are known: {@code sqrt(p)}, a unit vector
     * whose cosine with another is the Bhattacharyya coefficient of the two distributions.
     */
    public static float[] probabilityEmbedding(float[] probabilities) {
        float[] e = new float[probabilities.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) Math.sqrt(Math.max(0, probabilities[i]));
        }
        return e;
    }

    /** Runs on frame probabilities, with {@link #probabilityEmbedding(float[])} as the frame embedding. */
    public ClipDynamics analyze(float[][] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        float[][] x = new float[probabilities.length][];
        for (int t = 0; t < x.length; t++) {
            x[t] = probabilityEmbedding(probabilities[t]);
        }
        return analyze(x, probabilities);
    }

    /**
     * Runs on one clip.
     *
     * @param embeddings    T x D frame embeddings (D = the parameters' dim), T >= 1
     * @param probabilities T x C frame probabilities
     */
    public ClipDynamics analyze(float[][] embeddings, float[][] probabilities) {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(probabilities, "probabilities");
        int t = embeddings.length;
        if (t == 0 || probabilities.length != t) {
            throw new IllegalArgumentException("need T >= 1 embeddings and as many probability rows; got "
                    + t + " and " + probabilities.length);
        }
        int d = params.dim();
        int c = probabilities[0].length;
        for (int i = 0; i < t; i++) {
            if (embeddings[i].length != d || probabilities[i].length != c) {
                throw new IllegalArgumentException("frame " + i + " has an embedding of " + embeddings[i].length
                        + " (expected " + d + ") and " + probabilities[i].length + " probabilities (expected " + c + ")");
            }
        }
        double[] m = membership(embeddings);
        double ms = 0;
        double[] xs = new double[d];
        double[] xd = new double[d];
        double ss = 0;
        for (int i = 0; i < t; i++) {
            ms += m[i];
            ss += 1 - m[i];
            for (int k = 0; k < d; k++) {
                xs[k] += (1 - m[i]) * embeddings[i][k];
                xd[k] += m[i] * embeddings[i][k];
            }
        }
        for (int k = 0; k < d; k++) {
            xs[k] /= Math.max(ss, EPS);
        }
        for (int k = 0; k < d; k++) {
            xd[k] = ms > EPS ? xd[k] / ms : xs[k];
        }
        double rho = ms / t;
        double[] delta = new double[d];
        for (int k = 0; k < d; k++) {
            delta[k] = xd[k] - xs[k];
        }
        double[] ctx = new double[d];
        for (int r = 0; r < d; r++) {
            double u = 0;
            for (int k = 0; k < d; k++) {
                u += params.updateAt(r, k) * delta[k];
            }
            ctx[r] = xs[r] + rho * delta[r] + u;
        }
        double[] pc = new double[d];
        for (int r = 0; r < d; r++) {
            double p = 0;
            for (int k = 0; k < d; k++) {
                p += params.predictAt(r, k) * ctx[k];
            }
            pc[r] = ctx[r] + p + params.biasAt(r);
        }
        double[][] res = new double[t][d];
        double[] score = new double[t];
        double total = 0;
        double gate = 0;
        for (int i = 0; i < t; i++) {
            double n2 = 0;
            for (int k = 0; k < d; k++) {
                res[i][k] = embeddings[i][k] - pc[k];
                n2 += res[i][k] * res[i][k];
            }
            score[i] = m[i] * Math.sqrt(n2 + 1e-12);
            total += score[i];
            gate = Math.max(gate, m[i]);
        }
        double[] att = new double[t];
        for (int i = 0; i < t; i++) {
            att[i] = total > 1e-9 ? score[i] / total : 1.0 / t;
        }
        double[] w = new double[t];
        double[] q = new double[c];
        float[] emb = new float[2 * d];
        for (int k = 0; k < d; k++) {
            emb[k] = (float) ctx[k];
        }
        for (int i = 0; i < t; i++) {
            w[i] = (1 - gate) / t + gate * att[i];
            for (int j = 0; j < c; j++) {
                q[j] += w[i] * probabilities[i][j];
            }
            for (int k = 0; k < d; k++) {
                emb[d + k] += (float) (att[i] * res[i][k]);
            }
        }
        double sum = Arrays.stream(q).sum();
        for (int j = 0; j < c; j++) {
            q[j] = sum > 0 ? q[j] / sum : 1.0 / c;
        }
        return new ClipDynamics(emb, q, m, score, w, gate);
    }

    /** The split: each frame's membership of the dynamic group (all 0 for fewer than 3 frames). */
    double[] membership(float[][] x) {
        int t = x.length;
        double[] m = new double[t];
        if (t < 3) {
            return m;
        }
        double[] z = splitScores(x);
        for (int i = 0; i < t; i++) {
            m[i] = 1 / (1 + Math.exp(-(z[i] - params.theta()) / params.tau()));
        }
        return m;
    }

    /**
     * The parameter-free part of the split: for each frame, its dissimilarity to the other frames
     * ({@code 1 -} mean cosine similarity) minus the median of those dissimilarities.
     *
     * @param x T x D frame embeddings, T >= 2
     */
    public static double[] splitScores(float[][] x) {
        int t = x.length;
        if (t < 2) {
            throw new IllegalArgumentException("the split needs at least 2 frames, got " + t);
        }
        double[][] n = new double[t][];
        for (int i = 0; i < t; i++) {
            double norm = 0;
            for (float v : x[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm) + 1e-12;
            n[i] = new double[x[i].length];
            for (int k = 0; k < n[i].length; k++) {
                n[i][k] = x[i][k] / norm;
            }
        }
        double[] dis = new double[t];
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int j = 0; j < t; j++) {
                if (j != i) {
                    double dot = 0;
                    for (int k = 0; k < n[i].length; k++) {
                        dot += n[i][k] * n[j][k];
                    }
                    s += dot;
                }
            }
            dis[i] = 1 - s / (t - 1);
        }
        double med = median(dis);
        for (int i = 0; i < t; i++) {
            dis[i] -= med;
        }
        return dis;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** Plain mean pooling of frame probabilities, the baseline the dynamics are compared with. */
    public static double[] meanPool(float[][] probabilities) {
        int c = probabilities[0].length;
        double[] q = new double[c];
        for (float[] p : probabilities) {
            for (int j = 0; j < c; j++) {
                q[j] += p[j] / probabilities.length;
            }
        }
        return q;
    }
}
