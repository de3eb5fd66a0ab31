package io.github.emotion4j.text.conversation;

import java.util.Map;

/**
 * One trained network of the context model, its forward pass in plain Java. Tensors (prefix
 * {@code <net>.}, matrices {@code [in, out]}, {@code d} input width, {@code h} hidden width, {@code K} labels):
 * <pre>
 *   u_t = tanh(((x_t - mean) / std) proj.weight + proj.bias)                       [h]
 *   attention (sameHeads + otherHeads heads of width h/heads; query, key, value, out [h, h]):
 *     same-speaker heads see turns j of the same speaker, other-speaker heads turns of the others,
 *     both only j &lt;= t and t - j &lt; window (causal) or |t - j| &lt; window (bidirectional);
 *     without identity masking every head sees every such turn; a head with no turn to see gives 0
 *     c_t = concat(heads) out.weight + out.bias                                     [h]
 *   gru (PyTorch's GRU equations, gates r, z, n): over g_in_t = [u_t, c_t], state [h];
 *     grub: the same backwards over the turns (bidirectional nets)
 *   f_t = [u_t, c_t, g_t, gb_t] (the parts the net has)
 *   base_t = relu(f_t hidden.weight + hidden.bias) classifier.weight + classifier.bias   [K]
 *   logits_t = base_t + transition.same[s_t] + transition.other[o_t]
 * </pre>
 * where {@code s_t} ({@code o_t}) is the label predicted for the latest earlier turn of the same
 * speaker (of another speaker), or {@code K} when there is none. Immutable and thread-safe.
 */
final class ContextNet {
    final String name;
    final int d;
    final int h;
    final int k;
    final int sameHeads;
    final int otherHeads;
    final boolean identityMasking;
    final boolean gru;
    final boolean bidirectional;
    final boolean transition;
    final int window;
    private final float[] mean;
    private final float[] std;
    private final float[] projW;
    private final float[] projB;
    private float[] qW;
    private float[] qB;
    private float[] kW;
    private float[] kB;
    private float[] vW;
    private float[] vB;
    private float[] oW;
    private float[] oB;
    private float[][] gruF;
    private float[][] gruB;
    private final float[] hidW;
    private final float[] hidB;
    private final float[] clsW;
    private final float[] clsB;
    private float[] tSame;
    private float[] tOther;
    private final int fWidth;

    ContextNet(String name, int d, int h, int k, int sameHeads, int otherHeads, boolean identityMasking, boolean gru,
               boolean bidirectional, boolean transition, int window, Map<String, ContextWeights.Tensor> w) {
        this.name = name;
        this.d = d;
        this.h = h;
        this.k = k;
        this.sameHeads = sameHeads;
        this.otherHeads = otherHeads;
        this.identityMasking = identityMasking;
        this.gru = gru;
        this.bidirectional = bidirectional;
        this.transition = transition;
        this.window = window;
        int heads = sameHeads + otherHeads;
        if (d < 1 || h < 1 || k < 2 || sameHeads < 0 || otherHeads < 0 || window < 1 || (heads > 0 && h % heads != 0)) {
            throw new IllegalArgumentException("net '" + name + "': bad sizes d=" + d + " h=" + h + " k=" + k
                    + " heads=" + sameHeads + "+" + otherHeads + " window=" + window);
        }
        String p = name + ".";
        mean = ContextWeights.require(w, "norm.mean", d);
        std = ContextWeights.require(w, "norm.std", d);
        projW = ContextWeights.require(w, p + "proj.weight", d, h);
        projB = ContextWeights.require(w, p + "proj.bias", h);
        int width = h;
        if (heads > 0) {
            qW = ContextWeights.require(w, p + "query.weight", h, h);
            qB = ContextWeights.require(w, p + "query.bias", h);
            kW = ContextWeights.require(w, p + "key.weight", h, h);
            kB = ContextWeights.require(w, p + "key.bias", h);
            vW = ContextWeights.require(w, p + "value.weight", h, h);
            vB = ContextWeights.require(w, p + "value.bias", h);
            oW = ContextWeights.require(w, p + "out.weight", h, h);
            oB = ContextWeights.require(w, p + "out.bias", h);
            width += h;
        }
        int gin = width;
        if (gru) {
            gruF = gruTensors(w, p + "gru.", gin, h);
            width += h;
            if (bidirectional) {
                gruB = gruTensors(w, p + "grub.", gin, h);
                width += h;
            }
        }
        fWidth = width;
        hidW = ContextWeights.require(w, p + "hidden.weight", width, h);
        hidB = ContextWeights.require(w, p + "hidden.bias", h);
        clsW = ContextWeights.require(w, p + "classifier.weight", h, k);
        clsB = ContextWeights.require(w, p + "classifier.bias", k);
        if (transition) {
            tSame = ContextWeights.require(w, p + "transition.same", k + 1, k);
            tOther = ContextWeights.require(w, p + "transition.other", k + 1, k);
        }
    }

    private static float[][] gruTensors(Map<String, ContextWeights.Tensor> w, String p, int gin, int h) {
        return new float[][] {ContextWeights.require(w, p + "wi", gin, 3 * h), ContextWeights.require(w, p + "wh", h, 3 * h),
            ContextWeights.require(w, p + "bi", 3 * h), ContextWeights.require(w, p + "bh", 3 * h)};
    }

    /** Logits {@code [T][K]} for one dialogue (rows already checked), causal or bidirectional attention. */
    float[][] logits(float[][] x, int[] speakers, boolean causal) {
        int n = x.length;
        float[][] u = new float[n][];
        float[] z = new float[d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                z[i] = (x[t][i] - mean[i]) / std[i];
            }
            u[t] = dense(z, projW, projB, h);
            for (int i = 0; i < h; i++) {
                u[t][i] = (float) Math.tanh(u[t][i]);
            }
        }
        float[][] c = sameHeads + otherHeads > 0 ? attention(u, speakers, causal) : null;
        float[][] gin = new float[n][];
        for (int t = 0; t < n; t++) {
            gin[t] = c == null ? u[t] : concat(u[t], c[t]);
        }
        float[][] gf = gru ? runGru(gin, gruF, false) : null;
        float[][] gb = gru && bidirectional ? runGru(gin, gruB, true) : null;
        float[][] out = new float[n][];
        int[] predicted = new int[n];
        for (int t = 0; t < n; t++) {
            float[] f = new float[fWidth];
            int at = 0;
            for (float[] part : new float[][] {u[t], c == null ? null : c[t], gf == null ? null : gf[t], gb == null ? null : gb[t]}) {
                if (part != null) {
                    System.arraycopy(part, 0, f, at, part.length);
                    at += part.length;
                }
            }
            float[] hid = dense(f, hidW, hidB, h);
            for (int i = 0; i < h; i++) {
                hid[i] = Math.max(0f, hid[i]);
            }
            float[] logits = dense(hid, clsW, clsB, k);
            if (transition) {
                int same = k;
                int other = k;
                for (int j = t - 1; j >= 0 && (same == k || other == k); j--) {
                    if (speakers[j] == speakers[t]) {
                        if (same == k) {
                            same = predicted[j];
                        }
                    } else if (other == k) {
                        other = predicted[j];
                    }
                }
                for (int i = 0; i < k; i++) {
                    logits[i] += tSame[same * k + i] + tOther[other * k + i];
                }
            }
            predicted[t] = argmax(logits);
            out[t] = logits;
        }
        return out;
    }

    private float[][] attention(float[][] u, int[] speakers, boolean causal) {
        int n = u.length;
        int heads = sameHeads + otherHeads;
        int dk = h / heads;
        float[][] q = new float[n][];
        float[][] kk = new float[n][];
        float[][] v = new float[n][];
        for (int t = 0; t < n; t++) {
            q[t] = dense(u[t], qW, qB, h);
            kk[t] = dense(u[t], kW, kB, h);
            v[t] = dense(u[t], vW, vB, h);
        }
        float scale = (float) (1.0 / Math.sqrt(dk));
        float[][] c = new float[n][];
        float[] scores = new float[2 * window];
        float[] ctx = new float[h];
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(ctx, 0f);
            int from = Math.max(0, t - window + 1);
            int to = causal ? t : Math.min(n - 1, t + window - 1);
            for (int hd = 0; hd < heads; hd++) {
                boolean sameHead = hd < sameHeads;
                int off = hd * dk;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = from; j <= to; j++) {
                    float s = Float.NaN;
                    if (!identityMasking || (speakers[j] == speakers[t]) == sameHead) {
                        double acc = 0;
                        for (int i = 0; i < dk; i++) {
                            acc += q[t][off + i] * kk[j][off + i];
                        }
                        s = (float) acc * scale;
                        max = Math.max(max, s);
                    }
                    scores[j - from] = s;
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (int j = from; j <= to; j++) {
                    float s = scores[j - from];
                    if (!Float.isNaN(s)) {
                        float e = (float) Math.exp(s - max);
                        scores[j - from] = e;
                        sum += e;
                    }
                }
                for (int j = from; j <= to; j++) {
                    float s = scores[j - from];
                    if (!Float.isNaN(s)) {
                        float a = (float) (s / sum);
                        for (int i = 0; i < dk; i++) {
                            ctx[off + i] += a * v[j][off + i];
                        }
                    }
                }
            }
            c[t] = dense(ctx, oW, oB, h);
        }
        return c;
    }

    private float[][] runGru(float[][] in, float[][] p, boolean backwards) {
        int n = in.length;
        float[] state = new float[h];
        float[][] out = new float[n][];
        for (int s = 0; s < n; s++) {
            int t = backwards ? n - 1 - s : s;
            float[] gi = dense(in[t], p[0], p[2], 3 * h);
            float[] gh = dense(state, p[1], p[3], 3 * h);
            float[] next = new float[h];
            for (int i = 0; i < h; i++) {
                float r = sigmoid(gi[i] + gh[i]);
                float zg = sigmoid(gi[h + i] + gh[h + i]);
                float nn = (float) Math.tanh(gi[2 * h + i] + r * gh[2 * h + i]);
                next[i] = (1 - zg) * nn + zg * state[i];
            }
            state = next;
            out[t] = next;
        }
        return out;
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** {@code x W + b} with {@code W} row-major {@code [x.length, out]}. */
    private static float[] dense(float[] x, float[] w, float[] b, int out) {
        float[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int row = i * out;
            for (int o = 0; o < out; o++) {
                y[o] += xi * w[row + o];
            }
        }
        return y;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
