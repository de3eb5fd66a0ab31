package io.github.emotion4j.programs.conversation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.emotion4j.text.encoder.adapt.LowRankAdapter;
import io.github.emotion4j.text.encoder.adapt.OnnxWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small BERT (hidden 384, 12 heads, GELU, LayerNorm eps 1e-12; as many layers as the file has:
 * MiniLM-L6 has 6, e5-small-v2 12) written with DJL
 * NDArray operations over the frozen float32 weights of an ONNX file, with a trainable low-rank
 * adapter on each layer's six matrices (query, key, value, attention output, intermediate, output).
 * The word/position/type embeddings are looked up in Java (they stay frozen). Output: the
 * attention-masked mean of the last hidden states, as sentence-transformers pools it.
 */
final class LoraMiniLm implements AutoCloseable {
    static final int HIDDEN = 384;
    static final int HEADS = 12;
    static final float EPS = 1e-12f;
    static final String[] TARGETS = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};

    private final NDManager manager;
    private final float[] word;
    private final float[] position;
    private final float[] type0;
    private final int maxPositions;
    private final Map<String, NDArray> base = new LinkedHashMap<>();
    private final Map<String, String> onnxNames;
    /** Trainable adapter arrays: {@code <matrix>.lora_a} {@code [in, r]} and {@code .lora_b} {@code [r, out]}. */
    final Map<String, NDArray> adapter = new LinkedHashMap<>();
    final int rank;
    final float scale;
    /** Number of transformer layers of the file (each has its adapter matrices). */
    final int fileLayers;
    /** Transformer layers {@link #forward} runs ({@link #fileLayers} = the whole model). */
    final int layers;
    /**
     * When >= 0, a token id (BERT's [SEP]): each row is pooled only up to and including its first
     * occurrence, so that "[CLS] utterance [SEP] earlier turns [SEP]" gives the utterance's vector read in
     * the light of the turns after it; -1 (the default) pools every token.
     */
    private long poolUntil = -1;

    LoraMiniLm(NDManager manager, OnnxWeights weights, int rank, float alpha, long seed) {
        this(manager, weights, rank, alpha, seed, 0);
    }

    /**
     * A net whose {@link #forward} runs only the first {@code layers} transformer layers (1 to the
     * file's count; 0 = all) and pools their output: the reference for an encoder cut after that layer.
     */
    LoraMiniLm(NDManager manager, OnnxWeights weights, int rank, float alpha, long seed, int layers) {
        this.manager = manager;
        this.rank = rank;
        this.scale = alpha / rank;
        Map<String, OnnxWeights.Tensor> t = weights.tensors();
        this.onnxNames = weights.matMulWeightsByParameter();
        word = t.get("embeddings.word_embeddings.weight").values();
        OnnxWeights.Tensor pos = t.get("embeddings.position_embeddings.weight");
        position = pos.values();
        maxPositions = (int) pos.dims()[0];
        type0 = java.util.Arrays.copyOf(t.get("embeddings.token_type_embeddings.weight").values(), HIDDEN);
        int n = 0;
        while (t.containsKey("encoder.layer." + n + ".output.LayerNorm.weight")) {
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("the ONNX file has no encoder.layer.0 weights");
        }
        if (layers < 0 || layers > n) {
            throw new IllegalArgumentException("layers must be 1 to " + n + " (or 0 for all), was " + layers);
        }
        this.fileLayers = n;
        this.layers = layers == 0 ? n : layers;
        put("embeddings.LayerNorm.weight", t);
        put("embeddings.LayerNorm.bias", t);
        Random rnd = new Random(seed);
        for (int l = 0; l < fileLayers; l++) {
            String p = "encoder.layer." + l + ".";
            for (String m : TARGETS) {
                String w = p + m + ".weight";
                String onnx = onnxNames.get(w);
                if (onnx == null) {
                    throw new IllegalArgumentException("no MatMul weight for " + w + " in the ONNX graph");
                }
                OnnxWeights.Tensor wt = t.get(onnx);
                base.put(w, manager.create(wt.values(), new Shape(wt.dims())));
                put(p + m + ".bias", t);
                int in = (int) wt.dims()[0];
                int out = (int) wt.dims()[1];
                // LoRA's initialisation: A Kaiming-uniform-like, B zero (the adapter starts as the identity)
                float[] a = new float[in * rank];
                double bound = 1.0 / Math.sqrt(in);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
                adapter.put(p + m + ".lora_a", manager.create(a, new Shape(in, rank)));
                adapter.put(p + m + ".lora_b", manager.zeros(new Shape(rank, out)));
            }
            for (String ln : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                put(p + ln + ".weight", t);
                put(p + ln + ".bias", t);
            }
        }
    }

    private void put(String name, Map<String, OnnxWeights.Tensor> t) {
        OnnxWeights.Tensor x = t.get(name);
        if (x == null) {
            throw new IllegalArgumentException("the ONNX file has no initializer " + name);
        }
        base.put(name, manager.create(x.values(), new Shape(x.dims())));
    }

    /** Pools each row only up to its first {@code sepId} (see {@link #poolUntil}); returns this net. */
    LoraMiniLm poolFirstSegment(long sepId) {
        this.poolUntil = sepId;
        return this;
    }

    /** Batch of token ids, padded, with its mask. */
    record Batch(long[][] ids, int length) {
        static Batch of(List<long[]> ids, int maxLength) {
            int len = 1;
            long[][] cut = new long[ids.size()][];
            for (int i = 0; i < cut.length; i++) {
                long[] x = ids.get(i);
                if (x.length > maxLength) {
                    // keep [CLS] ... and the final [SEP]
                    long[] y = java.util.Arrays.copyOf(x, maxLength);
                    y[maxLength - 1] = x[x.length - 1];
                    x = y;
                }
                cut[i] = x;
                len = Math.max(len, x.length);
            }
            return new Batch(cut, len);
        }
    }

    /**
     * Pooled sentence vectors {@code [B, 384]} (not normalised).
     *
     * @param params  the adapter arrays to use (the stored ones or per-step copies that collect gradients)
     * @param dropout dropout on each adapter's input while training, 0 at inference
     */
    NDArray forward(NDManager mgr, Batch batch, Map<String, NDArray> params, float dropout, boolean training) {
        int b = batch.ids.length;
        int t = batch.length;
        if (t > maxPositions) {
            throw new IllegalArgumentException(t + " tokens, the model has " + maxPositions + " positions");
        }
        float[] emb = new float[b * t * HIDDEN];
        float[] mask = new float[b * t];
        float[] additive = new float[b * t];
        for (int i = 0; i < b; i++) {
            long[] ids = batch.ids[i];
            for (int j = 0; j < t; j++) {
                int at = (i * t + j) * HIDDEN;
                if (j < ids.length) {
                    mask[i * t + j] = 1f;
                    int w = (int) ids[j] * HIDDEN;
                    int p = j * HIDDEN;
                    for (int k = 0; k < HIDDEN; k++) {
                        emb[at + k] = word[w + k] + position[p + k] + type0[k];
                    }
                } else {
                    additive[i * t + j] = -1e9f;
                }
            }
        }
        NDArray x = layerNorm(mgr.create(emb, new Shape(b, t, HIDDEN)), base.get("embeddings.LayerNorm.weight"),
                base.get("embeddings.LayerNorm.bias"));
        NDArray maskAdd = mgr.create(additive, new Shape(b, 1, 1, t));
        int hd = HIDDEN / HEADS;
        float inv = (float) (1.0 / Math.sqrt(hd));
        for (int l = 0; l < layers; l++) {
            String p = "encoder.layer." + l + ".";
            NDArray q = linear(x, p + TARGETS[0], params, dropout, training).reshape(b, t, HEADS, hd).transpose(0, 2, 1, 3);
            NDArray k = linear(x, p + TARGETS[1], params, dropout, training).reshape(b, t, HEADS, hd).transpose(0, 2, 3, 1);
            NDArray v = linear(x, p + TARGETS[2], params, dropout, training).reshape(b, t, HEADS, hd).transpose(0, 2, 1, 3);
            NDArray att = q.matMul(k).mul(inv).add(maskAdd).softmax(-1);
            NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, HIDDEN);
            NDArray o = linear(ctx, p + TARGETS[3], params, dropout, training);
            x = layerNorm(x.add(o), base.get(p + "attention.output.LayerNorm.weight"), base.get(p + "attention.output.LayerNorm.bias"));
            NDArray h = gelu(linear(x, p + TARGETS[4], params, dropout, training));
            NDArray f = linear(h, p + TARGETS[5], params, dropout, training);
            x = layerNorm(x.add(f), base.get(p + "output.LayerNorm.weight"), base.get(p + "output.LayerNorm.bias"));
        }
        float[] pool = mask;
        if (poolUntil >= 0) {
            pool = mask.clone();
            for (int i = 0; i < b; i++) {
                long[] ids = batch.ids[i];
                int end = ids.length - 1;
                for (int j = 1; j < ids.length; j++) {
                    if (ids[j] == poolUntil) {
                        end = j;
                        break;
                    }
                }
                for (int j = end + 1; j < t; j++) {
                    pool[i * t + j] = 0f;
                }
            }
        }
        NDArray m = mgr.create(pool, new Shape(b, t, 1));
        return x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }

    /** {@code x W + b}, plus {@code scale * dropout(x) A B} when adapter arrays are given. */
    private NDArray linear(NDArray x, String m, Map<String, NDArray> params, float dropout, boolean training) {
        NDArray y = x.matMul(base.get(m + ".weight")).add(base.get(m + ".bias"));
        if (params == null) {
            return y;
        }
        NDArray in = training && dropout > 0 ? x.getNDArrayInternal().dropout(x, dropout, true).singletonOrThrow() : x;
        return y.add(in.matMul(params.get(m + ".lora_a")).matMul(params.get(m + ".lora_b")).mul(scale));
    }

    private static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mean);
        NDArray var = c.square().mean(new int[] {-1}, true);
        return c.div(var.add(EPS).sqrt()).mul(g).add(b);
    }

    private static NDArray gelu(NDArray x) {
        // exact GELU, as the ONNX graph computes it (Erf)
        return x.mul(0.5f).mul(x.div((float) Math.sqrt(2)).erf().add(1f));
    }

    /** The adapter as stored, for the runtime ({@link LowRankAdapter}, names = the ONNX initializers). */
    LowRankAdapter export(Map<String, NDArray> params) {
        List<LowRankAdapter.Delta> out = new ArrayList<>();
        for (int l = 0; l < fileLayers; l++) {
            for (String m : TARGETS) {
                String p = "encoder.layer." + l + "." + m;
                NDArray a = params.get(p + ".lora_a");
                NDArray bb = params.get(p + ".lora_b");
                int in = (int) a.getShape().get(0);
                int o = (int) bb.getShape().get(1);
                out.add(new LowRankAdapter.Delta(onnxNames.get(p + ".weight"), in, o, rank, scale, a.toFloatArray(),
                        bb.toFloatArray()));
            }
        }
        return new LowRankAdapter(out);
    }

    /** Adapter arrays for {@link #forward} from a stored adapter (matched by the ONNX initializer names). */
    Map<String, NDArray> params(NDManager mgr, LowRankAdapter stored) {
        Map<String, String> byOnnx = new LinkedHashMap<>();
        onnxNames.forEach((param, onnx) -> byOnnx.put(onnx, param.substring(0, param.length() - ".weight".length())));
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (LowRankAdapter.Delta d : stored.deltas()) {
            String m = byOnnx.get(d.name());
            if (m == null || d.rank() != rank || d.scale() != scale) {
                throw new IllegalArgumentException("adapter matrix " + d.name() + " does not fit this net (rank " + rank + ")");
            }
            out.put(m + ".lora_a", mgr.create(d.a(), new Shape(d.in(), d.rank())));
            out.put(m + ".lora_b", mgr.create(d.b(), new Shape(d.rank(), d.out())));
        }
        if (!out.keySet().equals(adapter.keySet())) {
            throw new IllegalArgumentException("the adapter does not cover the net's " + adapter.size() / 2 + " matrices");
        }
        return out;
    }

    @Override
    public void close() {
        for (NDArray a : base.values()) {
            a.close();
        }
        for (NDArray a : adapter.values()) {
            a.close();
        }
    }

}
