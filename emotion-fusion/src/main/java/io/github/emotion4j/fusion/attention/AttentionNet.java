package io.github.emotion4j.fusion.attention;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.FusionNet;
import io.github.emotion4j.fusion.internal.Affine;
import io.github.emotion4j.fusion.TokenLayout;
import io.github.emotion4j.fusion.model.Weights;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attention fusion network (after M2FNet's multi-head attention over modality embeddings),
 * evaluated in plain Java. Immutable and thread-safe.
 *
 * <p>With {@code D} model width, {@code H} heads of width {@code d = D/H} and {@code K} classes:
 * <pre>
 *   t_m = tanh(x_m P_m + c_m)                   per present modality m (x_m: 16-number token, see FusionInput;
 *                                               P_m [16, D] per-modality projection, c_m its modality embedding)
 *   t_0 = u                                     the learned fusion token [D]
 *   q   = u Wq + bq;  k_j = t_j Wk + bk;  v_j = t_j Wv + bv      for j in {0} and present modalities
 *   a_hj = softmax_j( q_h . k_hj / sqrt(d) )    per head h, over the fusion token and present modalities only
 *   o   = concat_h( sum_j a_hj v_hj ) Wo + bo
 *   z   = u + o
 *   p   = softmax( relu(z W1 + b1) W2 + b2 )
 * </pre>
 * Tensors: {@code proj.weight [3,16,D]}, {@code proj.bias [3,D]}, {@code token [D]},
 * {@code query|key|value|out.weight [D,D]} and {@code .bias [D]}, {@code hidden.weight [D,C]},
 * {@code hidden.bias [C]}, {@code classifier.weight [C,K]}, {@code classifier.bias [K]}.
 * The contribution of modality m is its attention {@code mean_h a_hm}, renormalised over the
 * present modalities; the fusion token's own share is reported as {@code attention.token}.
 *
 * <p>With embedding projections {@code embed.<modality>.weight [n_m, d]} in the weights (layout
 * {@code dist16+emb-v1}, see {@link FusionInput}), x_m is the 16 distribution features followed by
 * the projected embedding, and {@code proj.weight} is {@code [3, 16+d, D]}; the modality tokens
 * then attend over embedding information, as in M2FNet.
 */
public final class AttentionNet implements FusionNet {
    private static final int M = FusionInput.MODALITIES.size();

    private final Weights weights;
    private final TokenLayout layout;
    private final int width;
    private final int heads;
    private final int classes;
    private final Affine[] proj = new Affine[M];
    private final double[] token;
    private final Affine query;
    private final Affine key;
    private final Affine value;
    private final Affine out;
    private final Affine hidden;
    private final Affine classifier;

    /**
     * @param weights the tensors listed above
     * @param heads   number of attention heads; must divide the width
     * @throws IllegalArgumentException when tensors are missing or shapes disagree
     */
    public AttentionNet(Weights weights, int heads) {
        this.weights = Objects.requireNonNull(weights, "weights");
        layout = TokenLayout.of(weights);
        int f = layout.width();
        Weights.Tensor p = weights.get("proj.weight");
        if (p.rank() != 3 || p.dim(0) != M || p.dim(1) != f) {
            throw new IllegalArgumentException("proj.weight must be [3, " + f + ", D], was " + p);
        }
        width = p.dim(2);
        if (heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide the width " + width);
        }
        this.heads = heads;
        float[] pw = p.values();
        float[] pb = weights.require("proj.bias", M, width).values();
        for (int m = 0; m < M; m++) {
            proj[m] = new Affine(java.util.Arrays.copyOfRange(pw, m * f * width, (m + 1) * f * width),
                    java.util.Arrays.copyOfRange(pb, m * width, (m + 1) * width), f, width);
        }
        token = Affine.doubles(weights.require("token", width).values());
        query = Affine.of(weights, "query", width, width);
        key = Affine.of(weights, "key", width, width);
        value = Affine.of(weights, "value", width, width);
        out = Affine.of(weights, "out", width, width);
        int c = weights.get("hidden.weight").dim(1);
        hidden = Affine.of(weights, "hidden", width, c);
        classes = weights.get("classifier.weight").dim(1);
        classifier = Affine.of(weights, "classifier", c, classes);
    }

    @Override
    public String architecture() {
        return "attention";
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Weights weights() {
        return weights;
    }

    /** The token layout (with or without embedding projections). */
    public TokenLayout layout() {
        return layout;
    }

    /** Model width D. */
    public int width() {
        return width;
    }

    /** Number of heads. */
    public int heads() {
        return heads;
    }

    @Override
    public Output forward(FusionInput input) {
        Objects.requireNonNull(input, "input");
        if (input.count() == 0) {
            throw new IllegalArgumentException("nothing to fuse: no modality present");
        }
        float[][] x = layout.tokens(input);
        boolean[] present = input.presence();
        List<double[]> tokens = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        tokens.add(token);
        owner.add(-1);
        for (int m = 0; m < M; m++) {
            if (present[m]) {
                tokens.add(Affine.tanh(proj[m].apply(Affine.doubles(x[m]))));
                owner.add(m);
            }
        }
        double[] q = query.apply(token);
        int n = tokens.size();
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int j = 0; j < n; j++) {
            k[j] = key.apply(tokens.get(j));
            v[j] = value.apply(tokens.get(j));
        }
        int d = width / heads;
        double scale = 1 / Math.sqrt(d);
        double[] attended = new double[width];
        double[] meanAttention = new double[n];
        for (int h = 0; h < heads; h++) {
            double[] s = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = h * d; i < (h + 1) * d; i++) {
                    dot += q[i] * k[j][i];
                }
                s[j] = dot * scale;
            }
            double[] a = Affine.softmax(s);
            for (int j = 0; j < n; j++) {
                meanAttention[j] += a[j] / heads;
                for (int i = h * d; i < (h + 1) * d; i++) {
                    attended[i] += a[j] * v[j][i];
                }
            }
        }
        double[] o = out.apply(attended);
        double[] z = new double[width];
        for (int i = 0; i < width; i++) {
            z[i] = token[i] + o[i];
        }
        double[] probs = Affine.softmax(classifier.apply(Affine.relu(hidden.apply(z))));
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        Map<String, Double> details = new LinkedHashMap<>();
        double modal = 1 - meanAttention[0];
        details.put("attention.token", meanAttention[0]);
        for (int j = 1; j < n; j++) {
            Modality m = FusionInput.MODALITIES.get(owner.get(j));
            details.put("attention." + m.word(), meanAttention[j]);
            w.put(m, modal > 0 ? meanAttention[j] / modal : 1.0 / (n - 1));
        }
        return new Output(probs, w, details);
    }
}
