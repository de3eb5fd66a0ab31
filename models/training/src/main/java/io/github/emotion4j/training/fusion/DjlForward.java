package io.github.emotion4j.training.fusion;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.TokenLayout;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.model.Weights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a model's network with DJL (the graph training uses) — to check that the plain-Java
 * forward pass computes the same thing. Inputs are used as given (no temperatures); embeddings are
 * read as {@code io.github.emotion4j.fusion.TokenLayout} reads them. Stateless.
 */
public final class DjlForward {
    private DjlForward() {
    }

    /** Class probabilities {@code [inputs][classes]} computed by DJL on the PyTorch engine. */
    public static double[][] probabilities(FusionModel model, List<FusionInput> inputs) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputs, "inputs");
        FusionTrainer.Architecture arch = "attention".equals(model.architecture())
                ? FusionTrainer.Architecture.ATTENTION : FusionTrainer.Architecture.MOE;
        int m = FusionInput.MODALITIES.size();
        int f = FusionInput.TOKEN_FEATURES;
        int n = inputs.size();
        float[] x = new float[n * m * f];
        float[] mask = new float[n * m];
        for (int i = 0; i < n; i++) {
            float[][] t = inputs.get(i).tokens();
            boolean[] p = inputs.get(i).presence();
            for (int j = 0; j < m; j++) {
                System.arraycopy(t[j], 0, x, (i * m + j) * f, f);
                mask[i * m + j] = p[j] ? 1 : 0;
            }
        }
        TokenLayout layout = TokenLayout.of(model.weights());
        try (NDManager mgr = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, Weights.Tensor> e : model.weights().tensors().entrySet()) {
                long[] s = java.util.Arrays.stream(e.getValue().shape()).asLongStream().toArray();
                p.put(e.getKey(), mgr.create(e.getValue().values(), new Shape(s)));
            }
            NDArray[] emb = new NDArray[m];
            for (int j = 0; j < m; j++) {
                Modality mod = FusionInput.MODALITIES.get(j);
                int d = layout.embeddingSize(mod);
                if (d > 0) {
                    float[] v = new float[n * d];
                    for (int i = 0; i < n; i++) {
                        float[] e = inputs.get(i).embedding(mod).filter(a -> a.length == d).orElse(null);
                        if (e != null) {
                            System.arraycopy(e, 0, v, i * d, d);
                        }
                    }
                    emb[j] = mgr.create(v, new Shape(n, d));
                }
            }
            NDArray logp = DjlGraphs.logProbabilities(arch, model.intProperty("attention.heads", 4), p,
                    mgr.create(x, new Shape(n, m, f)), emb, mgr.create(mask, new Shape(n, m)));
            float[] out = logp.exp().toFloatArray();
            int k = out.length / n;
            double[][] r = new double[n][k];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    r[i][c] = out[i * k + c];
                }
            }
            return r;
        }
    }
}
