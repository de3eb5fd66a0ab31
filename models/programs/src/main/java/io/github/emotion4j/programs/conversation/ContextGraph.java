package io.github.emotion4j.programs.conversation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Map;
import java.util.Random;

/**
 * The context network written with DJL NDArray operations over a padded batch of dialogues, for
 * training with autograd on the PyTorch engine. It computes what emotion-text's
 * {@code ContextNet} computes in plain Java, one dialogue at a time (see its Javadoc for the
 * equations); padded turns are masked out of the attention and reset the backward GRU.
 *
 * <p>The label-transition term needs the labels of earlier turns. They are chosen on the host from
 * the detached base logits: greedily, turn by turn, the argmax of base + transition (as at
 * inference), or, in training with scheduled sampling, the gold label of each earlier turn with
 * probability {@code goldProbability} (drawn per turn).
 */
final class ContextGraph {
    private static final float MASKED = -1e9f;

    private ContextGraph() {
    }

    /** Output of one forward pass. */
    record Out(NDArray logits, int[] predicted) {
    }

    /**
     * Logits {@code [B, T, K]}.
     *
     * @param params    host copies of the parameters (for the transition matrices on the host)
     * @param dropout   input and hidden-layer dropout rates (training only), with {@code rnd}
     * @param goldProbability scheduled sampling: probability of the gold label as an earlier turn's label
     */
    static Out forward(NDManager mgr, NetSpec spec, Map<String, NDArray> p, Map<String, float[]> params, NDArray mean,
                       NDArray std, DialogueBatch batch, int k, int window, boolean causal, double inputDropout,
                       double hiddenDropout, double goldProbability, Random rnd) {
        int b = batch.b;
        int t = batch.t;
        int h = spec.hidden();
        String n = spec.name() + ".";
        NDArray x = mgr.create(batch.x, new Shape(b, t, batch.d)).sub(mean).div(std);
        if (inputDropout > 0) {
            x = x.mul(mgr.create(dropoutMask(b * t * batch.d, inputDropout, rnd), new Shape(b, t, batch.d)));
        }
        NDArray u = dense(x, p, n + "proj").tanh();                                  // [B, T, h]
        NDList parts = new NDList(u);
        NDArray gin = u;
        if (spec.heads() > 0) {
            int heads = spec.heads();
            int dk = h / heads;
            NDArray q = dense(u, p, n + "query").reshape(b, t, heads, dk).transpose(0, 2, 1, 3);
            NDArray kk = dense(u, p, n + "key").reshape(b, t, heads, dk).transpose(0, 2, 1, 3);
            NDArray v = dense(u, p, n + "value").reshape(b, t, heads, dk).transpose(0, 2, 1, 3);
            NDArray mask = mgr.create(attentionMask(spec, batch, window, causal), new Shape(b, heads, t, t));
            NDArray s = q.matMul(kk.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dk));
            s = s.add(mask.sub(1f).mul(-MASKED));
            NDArray a = s.softmax(3).mul(mask);
            NDArray c = a.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, h);
            c = dense(c, p, n + "out");
            parts.add(c);
            gin = u.concat(c, 2);
        }
        if (spec.gru()) {
            NDArray valid = mgr.create(validMask(batch), new Shape(b, t));
            parts.add(gru(mgr, p, n + "gru.", gin, valid, h, false));
            if (spec.bidirectional()) {
                parts.add(gru(mgr, p, n + "grub.", gin, valid, h, true));
            }
        }
        NDArray f = NDArrays.concat(parts, 2);
        NDArray hid = dense(f, p, n + "hidden").maximum(0f);
        if (hiddenDropout > 0) {
            hid = hid.mul(mgr.create(dropoutMask(b * t * h, hiddenDropout, rnd), new Shape(b, t, h)));
        }
        NDArray base = dense(hid, p, n + "classifier");                              // [B, T, K]
        if (!spec.transition()) {
            return new Out(base, argmaxAll(base.toFloatArray(), k));
        }
        float[] baseHost = base.toFloatArray();
        float[] ts = params.get(n + "transition.same");
        float[] to = params.get(n + "transition.other");
        float[] oneSame = new float[b * t * (k + 1)];
        float[] oneOther = new float[b * t * (k + 1)];
        int[] predicted = new int[b * t];
        for (int i = 0; i < b; i++) {
            int[] history = new int[t];
            for (int j = 0; j < t; j++) {
                int row = i * t + j;
                if (!batch.valid(i, j)) {
                    oneSame[row * (k + 1) + k] = 1f;
                    oneOther[row * (k + 1) + k] = 1f;
                    continue;
                }
                int same = k;
                int other = k;
                for (int m = j - 1; m >= 0 && (same == k || other == k); m--) {
                    if (batch.speakers[i * t + m] == batch.speakers[row]) {
                        if (same == k) {
                            same = history[m];
                        }
                    } else if (other == k) {
                        other = history[m];
                    }
                }
                oneSame[row * (k + 1) + same] = 1f;
                oneOther[row * (k + 1) + other] = 1f;
                float[] logits = new float[k];
                for (int c = 0; c < k; c++) {
                    logits[c] = baseHost[row * k + c] + ts[same * k + c] + to[other * k + c];
                }
                predicted[row] = argmax(logits, 0, k);
                history[j] = goldProbability > 0 && batch.labels[row] >= 0 && rnd.nextDouble() < goldProbability
                        ? batch.labels[row] : predicted[row];
            }
        }
        NDArray logits = base.add(mgr.create(oneSame, new Shape(b, t, k + 1)).matMul(p.get(n + "transition.same")))
                .add(mgr.create(oneOther, new Shape(b, t, k + 1)).matMul(p.get(n + "transition.other")));
        return new Out(logits, predicted);
    }

    private static NDArray gru(NDManager mgr, Map<String, NDArray> p, String n, NDArray in, NDArray valid, int h,
                               boolean backwards) {
        long b = in.getShape().get(0);
        int t = (int) in.getShape().get(1);
        NDArray gi = in.matMul(p.get(n + "wi")).add(p.get(n + "bi"));               // [B, T, 3h]
        NDArray wh = p.get(n + "wh");
        NDArray bh = p.get(n + "bh");
        NDArray state = mgr.zeros(new Shape(b, h));
        NDArray[] out = new NDArray[t];
        for (int s = 0; s < t; s++) {
            int j = backwards ? t - 1 - s : s;
            NDArray git = gi.get(new NDIndex(":, {}, :", j));
            NDArray gh = state.matMul(wh).add(bh);
            NDArray r = Activation.sigmoid(git.get(new NDIndex(":, 0:{}", h)).add(gh.get(new NDIndex(":, 0:{}", h))));
            NDArray z = Activation.sigmoid(git.get(new NDIndex(":, {}:{}", h, 2 * h)).add(gh.get(new NDIndex(":, {}:{}", h, 2 * h))));
            NDArray nn = git.get(new NDIndex(":, {}:", 2 * h)).add(r.mul(gh.get(new NDIndex(":, {}:", 2 * h)))).tanh();
            NDArray next = z.neg().add(1f).mul(nn).add(z.mul(state));
            next = next.mul(valid.get(new NDIndex(":, {}", j)).expandDims(1));
            out[j] = next;
            state = next;
        }
        return NDArrays.stack(new NDList(out), 1);
    }

    private static NDArray dense(NDArray x, Map<String, NDArray> p, String prefix) {
        return x.matMul(p.get(prefix + ".weight")).add(p.get(prefix + ".bias"));
    }

    static float[] attentionMask(NetSpec spec, DialogueBatch batch, int window, boolean causal) {
        int b = batch.b;
        int t = batch.t;
        int heads = spec.heads();
        float[] m = new float[b * heads * t * t];
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < t; q++) {
                if (!batch.valid(i, q)) {
                    continue;
                }
                for (int j = 0; j < t; j++) {
                    if (!batch.valid(i, j) || (causal && j > q) || Math.abs(q - j) >= window) {
                        continue;
                    }
                    boolean same = batch.speakers[i * t + j] == batch.speakers[i * t + q];
                    for (int hd = 0; hd < heads; hd++) {
                        boolean sameHead = hd < spec.sameHeads();
                        if (!spec.identityMasking() || same == sameHead) {
                            m[((i * heads + hd) * t + q) * t + j] = 1f;
                        }
                    }
                }
            }
        }
        return m;
    }

    private static float[] validMask(DialogueBatch batch) {
        float[] v = new float[batch.b * batch.t];
        for (int i = 0; i < v.length; i++) {
            v[i] = batch.speakers[i] == -2 ? 0f : 1f;
        }
        return v;
    }

    private static float[] dropoutMask(int n, double rate, Random rnd) {
        float keep = (float) (1.0 / (1.0 - rate));
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = rnd.nextDouble() < rate ? 0f : keep;
        }
        return m;
    }

    static int[] argmaxAll(float[] logits, int k) {
        int[] out = new int[logits.length / k];
        for (int r = 0; r < out.length; r++) {
            out[r] = argmax(logits, r * k, k);
        }
        return out;
    }

    private static int argmax(float[] v, int off, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (v[off + c] > v[off + best]) {
                best = c;
            }
        }
        return best;
    }
}
