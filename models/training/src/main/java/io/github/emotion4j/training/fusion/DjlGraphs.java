package io.github.emotion4j.training.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.TokenLayout;
import java.util.Map;

/**
 * The fusion networks written with DJL NDArray operations, batched, for training with autograd
 * on the PyTorch engine. They compute exactly what {@code AttentionNet} and
 * {@code MixtureOfExpertsNet} compute in plain Java (absent modalities are masked out with a
 * large negative score rather than skipped). With embedding projections
 * ({@code embed.<modality>.weight}, layout {@code dist16+emb-v1}) each token is the 16
 * distribution features followed by {@code e_m E_m}, as {@link TokenLayout} builds it. Stateless.
 */
final class DjlGraphs {
    private static final int M = FusionInput.MODALITIES.size();
    private static final float MASKED = -1e9f;

    private DjlGraphs() {
    }

    /**
     * Log class probabilities {@code [B, K]}.
     *
     * @param p    parameters by name (see the nets' Javadoc)
     * @param x    distribution tokens {@code [B, 3, 16]}
     * @param emb  per modality its L2-normalised embeddings {@code [B, n_m]} (zero rows where absent),
     *             null for a modality without projection; ignored without projections
     * @param mask presence {@code [B, 3]}, 1 or 0
     */
    static NDArray logProbabilities(FusionTrainer.Architecture arch, int heads, Map<String, NDArray> p, NDArray x,
                                    NDArray[] emb, NDArray mask) {
        NDArray tokens = withEmbeddings(p, x, emb);
        return arch == FusionTrainer.Architecture.ATTENTION ? attention(heads, p, tokens, mask) : moe(p, tokens, mask);
    }

    /** {@code [B, 3, 16]} or, with projections, {@code [B, 3, 16 + d]}. */
    private static NDArray withEmbeddings(Map<String, NDArray> p, NDArray x, NDArray[] emb) {
        long d = 0;
        for (var m : FusionInput.MODALITIES) {
            NDArray w = p.get(TokenLayout.tensorName(m));
            if (w != null) {
                d = w.getShape().get(1);
            }
        }
        if (d == 0) {
            return x;
        }
        long b = x.getShape().get(0);
        NDList projected = new NDList();
        for (int m = 0; m < M; m++) {
            NDArray w = p.get(TokenLayout.tensorName(FusionInput.MODALITIES.get(m)));
            projected.add(w == null ? x.getManager().zeros(new Shape(b, d)) : emb[m].matMul(w));
        }
        return x.concat(NDArrays.stack(projected, 1), 2);
    }

    private static NDArray dense(NDArray x, Map<String, NDArray> p, String prefix) {
        return x.matMul(p.get(prefix + ".weight")).add(p.get(prefix + ".bias"));
    }

    private static NDArray relu(NDArray x) {
        return x.maximum(0f);
    }

    private static NDArray attention(int heads, Map<String, NDArray> p, NDArray x, NDArray mask) {
        long b = x.getShape().get(0);
        NDArray token = p.get("token");
        int width = (int) token.getShape().get(0);
        int d = width / heads;
        NDArray t = x.transpose(1, 0, 2).matMul(p.get("proj.weight"))
                .add(p.get("proj.bias").expandDims(1)).tanh().transpose(1, 0, 2);           // [B, 3, D]
        NDArray tok = token.reshape(1, 1, width).broadcast(new Shape(b, 1, width));
        NDArray all = tok.concat(t, 1);                                                     // [B, 4, D]
        NDManager mgr = x.getManager();
        NDArray maskAll = mgr.ones(new Shape(b, 1)).concat(mask, 1);                        // [B, 4]
        NDArray q = dense(token.reshape(1, width), p, "query").reshape(1, 1, heads, d);
        NDArray k = dense(all, p, "key").reshape(b, M + 1, heads, d);
        NDArray v = dense(all, p, "value").reshape(b, M + 1, heads, d);
        NDArray s = k.mul(q).sum(new int[] {3}).div((float) Math.sqrt(d));                // [B, 4, H]
        s = s.add(maskAll.sub(1f).mul(-MASKED).expandDims(2));
        NDArray a = s.softmax(1);
        NDArray att = v.mul(a.expandDims(3)).sum(new int[] {1}).reshape(b, width);          // [B, D]
        NDArray z = dense(att, p, "out").add(token);
        return dense(relu(dense(z, p, "hidden")), p, "classifier").logSoftmax(1);
    }

    private static NDArray moe(Map<String, NDArray> p, NDArray x, NDArray mask) {
        long b = x.getShape().get(0);
        long f = x.getShape().get(2);
        NDList experts = new NDList();
        for (int m = 0; m < M; m++) {
            String name = "expert." + FusionInput.MODALITIES.get(m).word();
            NDArray xm = x.get(":, " + m + ", :");
            experts.add(dense(relu(dense(xm, p, name + ".hidden")), p, name + ".out").logSoftmax(1));
        }
        NDArray joint = x.mul(mask.expandDims(2)).reshape(b, M * f).concat(mask, 1); // [B, 3F + 3]
        experts.add(dense(relu(dense(joint, p, "expert.cross.hidden")), p, "expert.cross.out").logSoftmax(1));
        NDArray cross = mask.sum(new int[] {1}, true).gte(2f).toType(DataType.FLOAT32, false);
        NDArray available = mask.concat(cross, 1);                                           // [B, 4]
        NDArray gateLogits = dense(relu(dense(joint, p, "gate.hidden")), p, "gate.out");
        NDArray logGate = gateLogits.add(available.sub(1f).mul(-MASKED)).logSoftmax(1);
        NDArray comb = NDArrays.stack(experts, 1).add(logGate.expandDims(2));               // [B, 4, K]
        NDArray max = comb.max(new int[] {1}, true).stopGradient();
        return comb.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }
}
