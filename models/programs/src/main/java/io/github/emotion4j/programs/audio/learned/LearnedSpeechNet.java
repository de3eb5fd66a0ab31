package io.github.emotion4j.programs.audio.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The learned speech encoder as named parameters and a functional DJL forward pass, so that
 * {@code models/tools/learned-speech-encoder/export.py} can rebuild exactly the same network in
 * PyTorch. Layout (wav2vec2's feature encoder in its "layer norm" mode, scaled down):
 * <ol>
 *   <li>7 convolutions over the standardised waveform, kernels/strides (10,5), (3,2) x4, (2,2) x2
 *       (320 samples = 20 ms per frame, receptive field 400 samples), {@code channels} filters,
 *       each followed by a layer norm over channels and GELU;</li>
 *   <li>a linear projection to {@code dim}, then {@code layers} pre-norm transformer layers
 *       ({@code heads} heads, feed-forward {@code ffn} with GELU) and a final layer norm: this is
 *       the {@code last_hidden_state} [batch, frames, dim] the exports give;</li>
 *   <li>attentive pooling (score = w.h + b, softmax over frames) and a dense classifier
 *       {@code dim -> dim (ReLU) -> classes}.</li>
 * </ol>
 * Immutable and thread-safe; the forward pass works on arrays the caller owns.
 *
 * @param channels convolution channels
 * @param dim      transformer width
 * @param heads    attention heads (divides dim)
 * @param ffn      feed-forward width
 * @param layers   transformer layers
 * @param classes  output classes
 */
public record LearnedSpeechNet(int channels, int dim, int heads, int ffn, int layers, int classes) {
    /** Kernel and stride of each convolution. */
    static final int[][] CONV = {{10, 5}, {3, 2}, {3, 2}, {3, 2}, {3, 2}, {2, 2}, {2, 2}};
    /** Samples per output frame. */
    public static final int HOP = 320;
    /** The shortest input that gives one frame. */
    public static final int RECEPTIVE_FIELD = 400;
    static final float LN_EPS = 1e-5f;

    /** Checks the sizes. */
    public LearnedSpeechNet {
        if (channels < 1 || dim < 1 || heads < 1 || dim % heads != 0 || ffn < 1 || layers < 0 || classes < 2) {
            throw new IllegalArgumentException("bad network sizes");
        }
    }

    /** Parameter names and shapes, in a fixed order (the order of the weights file). */
    public Map<String, int[]> shapes() {
        Map<String, int[]> s = new LinkedHashMap<>();
        int in = 1;
        for (int i = 0; i < CONV.length; i++) {
            s.put("conv" + i + ".weight", new int[] {channels, in, CONV[i][0]});
            s.put("conv" + i + ".bias", new int[] {channels});
            s.put("conv" + i + ".ln.weight", new int[] {channels});
            s.put("conv" + i + ".ln.bias", new int[] {channels});
            in = channels;
        }
        s.put("proj.weight", new int[] {dim, channels});
        s.put("proj.bias", new int[] {dim});
        for (int l = 0; l < layers; l++) {
            String p = "layer" + l + ".";
            s.put(p + "ln1.weight", new int[] {dim});
            s.put(p + "ln1.bias", new int[] {dim});
            for (String m : new String[] {"q", "k", "v", "o"}) {
                s.put(p + m + ".weight", new int[] {dim, dim});
                s.put(p + m + ".bias", new int[] {dim});
            }
            s.put(p + "ln2.weight", new int[] {dim});
            s.put(p + "ln2.bias", new int[] {dim});
            s.put(p + "ff1.weight", new int[] {ffn, dim});
            s.put(p + "ff1.bias", new int[] {ffn});
            s.put(p + "ff2.weight", new int[] {dim, ffn});
            s.put(p + "ff2.bias", new int[] {dim});
        }
        s.put("final_ln.weight", new int[] {dim});
        s.put("final_ln.bias", new int[] {dim});
        s.put("attention.weight", new int[] {1, dim});
        s.put("attention.bias", new int[] {1});
        s.put("head1.weight", new int[] {dim, dim});
        s.put("head1.bias", new int[] {dim});
        s.put("head2.weight", new int[] {classes, dim});
        s.put("head2.bias", new int[] {classes});
        return s;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (int[] sh : shapes().values()) {
            n += size(sh);
        }
        return n;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Xavier-uniform matrices and convolutions, zero biases, unit layer-norm gains. */
    public Map<String, float[]> init(long seed) {
        Random rnd = new Random(seed);
        Map<String, float[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes().entrySet()) {
            int[] sh = e.getValue();
            float[] v = new float[size(sh)];
            String k = e.getKey();
            if (k.endsWith("ln.weight") || k.endsWith("ln1.weight") || k.endsWith("ln2.weight") || k.equals("final_ln.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else if (sh.length >= 2) {
                int receptive = sh.length == 3 ? sh[2] : 1;
                double bound = Math.sqrt(6.0 / ((sh[0] + sh[1]) * receptive));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            }
            p.put(k, v);
        }
        return p;
    }

    /**
     * Frames of hidden states.
     *
     * @param p       the parameters by name
     * @param x       standardised waveform [batch, samples], samples >= {@link #RECEPTIVE_FIELD}
     * @param dropout dropout rate on the residual branches while training (0 at inference)
     * @return [batch, frames, dim]
     */
    public NDArray hidden(Map<String, NDArray> p, NDArray x, float dropout, boolean training) {
        NDArray h = x.expandDims(1);
        for (int i = 0; i < CONV.length; i++) {
            h = Conv1d.conv1d(h, p.get("conv" + i + ".weight"), p.get("conv" + i + ".bias"), new Shape(CONV[i][1]),
                    new Shape(0), new Shape(1)).singletonOrThrow();
            h = h.transpose(0, 2, 1);
            h = LayerNorm.layerNorm(h, new Shape(channels), p.get("conv" + i + ".ln.weight"), p.get("conv" + i + ".ln.bias"),
                    LN_EPS).singletonOrThrow();
            h = Activation.gelu(h);
            if (i < CONV.length - 1) {
                h = h.transpose(0, 2, 1);
            }
        }
        h = Linear.linear(h, p.get("proj.weight"), p.get("proj.bias")).singletonOrThrow();
        h = drop(h, dropout, training);
        long batch = h.getShape().get(0);
        long frames = h.getShape().get(1);
        int dh = dim / heads;
        for (int l = 0; l < layers; l++) {
            String n = "layer" + l + ".";
            NDArray a = LayerNorm.layerNorm(h, new Shape(dim), p.get(n + "ln1.weight"), p.get(n + "ln1.bias"), LN_EPS)
                    .singletonOrThrow();
            NDArray q = split(Linear.linear(a, p.get(n + "q.weight"), p.get(n + "q.bias")).singletonOrThrow(), batch, frames, dh);
            NDArray k = split(Linear.linear(a, p.get(n + "k.weight"), p.get(n + "k.bias")).singletonOrThrow(), batch, frames, dh);
            NDArray v = split(Linear.linear(a, p.get(n + "v.weight"), p.get(n + "v.bias")).singletonOrThrow(), batch, frames, dh);
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh)).softmax(-1);
            NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, frames, dim);
            o = Linear.linear(o, p.get(n + "o.weight"), p.get(n + "o.bias")).singletonOrThrow();
            h = h.add(drop(o, dropout, training));
            NDArray f = LayerNorm.layerNorm(h, new Shape(dim), p.get(n + "ln2.weight"), p.get(n + "ln2.bias"), LN_EPS)
                    .singletonOrThrow();
            f = Activation.gelu(Linear.linear(f, p.get(n + "ff1.weight"), p.get(n + "ff1.bias")).singletonOrThrow());
            f = Linear.linear(f, p.get(n + "ff2.weight"), p.get(n + "ff2.bias")).singletonOrThrow();
            h = h.add(drop(f, dropout, training));
        }
        return LayerNorm.layerNorm(h, new Shape(dim), p.get("final_ln.weight"), p.get("final_ln.bias"), LN_EPS)
                .singletonOrThrow();
    }

    /** Attentive pooling then the classifier: logits [batch, classes]. */
    public NDArray logits(Map<String, NDArray> p, NDArray hidden, float dropout, boolean training) {
        NDArray score = Linear.linear(hidden, p.get("attention.weight"), p.get("attention.bias")).singletonOrThrow();
        NDArray weights = score.softmax(1);
        NDArray pooled = hidden.mul(weights).sum(new int[] {1});
        NDArray z = drop(pooled, dropout, training);
        z = Activation.relu(Linear.linear(z, p.get("head1.weight"), p.get("head1.bias")).singletonOrThrow());
        z = drop(z, dropout, training);
        return Linear.linear(z, p.get("head2.weight"), p.get("head2.bias")).singletonOrThrow();
    }

    private static NDArray split(NDArray x, long batch, long frames, int dh) {
        return x.reshape(batch, frames, -1, dh).transpose(0, 2, 1, 3);
    }

    private static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    /** Frames the network gives for {@code samples} input samples. */
    public static int frames(int samples) {
        int n = samples;
        for (int[] c : CONV) {
            n = (n - c[0]) / c[1] + 1;
            if (n <= 0) {
                return 0;
            }
        }
        return n;
    }

    private static final int MAGIC = 0x4534_574C; // "E4WL"

    /**
     * Writes named float tensors: magic, count, then per tensor the UTF-8 name (int length +
     * bytes), rank, dims and float32 values, all little-endian.
     */
    public void write(Map<String, float[]> params, OutputStream out) throws IOException {
        Map<String, int[]> shapes = shapes();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(shapes.size());
        DataOutputStream o = new DataOutputStream(out);
        o.write(head.array());
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            float[] v = params.get(e.getKey());
            if (v == null || v.length != size(e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " missing or of the wrong size");
            }
            ByteBuffer b = ByteBuffer.allocate(8 + name.length + 4 * e.getValue().length + 4 * v.length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(name.length).put(name).putInt(e.getValue().length);
            for (int d : e.getValue()) {
                b.putInt(d);
            }
            for (float f : v) {
                b.putFloat(f);
            }
            o.write(b.array());
        }
        o.flush();
    }

    /** Reads what {@link #write} wrote, checking every name and shape against this network. */
    public Map<String, float[]> read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        Map<String, int[]> shapes = shapes();
        if (readInt(d) != MAGIC || readInt(d) != shapes.size()) {
            throw new IOException("not a weights file of this network");
        }
        Map<String, float[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            byte[] name = new byte[readInt(d)];
            d.readFully(name);
            int rank = readInt(d);
            int[] sh = new int[rank];
            for (int i = 0; i < rank; i++) {
                sh[i] = readInt(d);
            }
            if (!new String(name, StandardCharsets.UTF_8).equals(e.getKey()) || !java.util.Arrays.equals(sh, e.getValue())) {
                throw new IOException("weights file has " + new String(name, StandardCharsets.UTF_8) + " "
                        + java.util.Arrays.toString(sh) + " where " + e.getKey() + " was expected");
            }
            byte[] raw = new byte[4 * size(sh)];
            d.readFully(raw);
            float[] v = new float[size(sh)];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            p.put(e.getKey(), v);
        }
        return p;
    }

    private static int readInt(DataInputStream d) throws IOException {
        byte[] b = new byte[4];
        d.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
