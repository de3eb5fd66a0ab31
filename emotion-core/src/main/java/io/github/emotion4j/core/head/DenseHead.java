package io.github.emotion4j.core.head;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A small fully connected network evaluated in plain Java: optional input standardisation, then
 * dense layers with ReLU, tanh or no activation. Classification and fusion heads trained by the
 * project's DJL training programs are exported to this form, so inference needs no engine.
 * A head read from a file is checked at load: finite weights and finite outputs on a fixed input
 * (else {@link ModelLoadException} naming the file); a non-finite output at prediction time is an
 * {@link InferenceException}. Immutable and thread-safe.
 *
 * <p>File format ({@code head.bin}, little-endian float32): when the card says
 * {@code head.normalize=true}, {@code mean[in]} then {@code std[in]}; then for each layer
 * {@code W[out][in]} row-major and {@code b[out]}. The card describes the layers as
 * {@code head.layers=384x128:relu,128x7:none}.
 */
public final class DenseHead {
    /** Activations. */
    public enum Activation { RELU, TANH, NONE }

    /** One dense layer. */
    public record Layer(float[][] weights, float[] bias, Activation activation) {
        /** Checks the shapes and copies the arrays. */
        public Layer {
            Objects.requireNonNull(activation, "activation");
            if (weights.length != bias.length || weights.length == 0) {
                throw new IllegalArgumentException("layer has " + weights.length + " rows but " + bias.length + " biases");
            }
            float[][] w = new float[weights.length][];
            for (int i = 0; i < w.length; i++) {
                w[i] = weights[i].clone();
                if (w[i].length != weights[0].length) {
                    throw new IllegalArgumentException("ragged weight matrix");
                }
            }
            weights = w;
            bias = bias.clone();
        }

        /** Inputs of the layer. */
        public int in() {
            return weights[0].length;
        }

        /** Outputs of the layer. */
        public int out() {
            return weights.length;
        }
    }

    private final float[] mean;
    private final float[] std;
    private final List<Layer> layers;
    /** What the head is, for messages: "dense head" or the model and file it was read from. */
    private final String source;

    /**
     * @param mean   per-input mean to subtract, or null
     * @param std    per-input standard deviation to divide by, or null (with mean)
     * @param layers at least one layer; consecutive sizes must match
     */
    public DenseHead(float[] mean, float[] std, List<Layer> layers) {
        this(mean, std, layers, "dense head");
    }

    private DenseHead(float[] mean, float[] std, List<Layer> layers, String source) {
        this.source = source;
        this.layers = List.copyOf(layers);
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("a head needs at least one layer");
        }
        for (int i = 1; i < this.layers.size(); i++) {
            if (this.layers.get(i).in() != this.layers.get(i - 1).out()) {
                throw new IllegalArgumentException("layer " + i + " takes " + this.layers.get(i).in()
                        + " inputs but the previous layer gives " + this.layers.get(i - 1).out());
            }
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("give both mean and std, or neither");
        }
        if (mean != null && (mean.length != inputSize() || std.length != inputSize())) {
            throw new IllegalArgumentException("mean/std length must be " + inputSize());
        }
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
    }

    /** Number of inputs. */
    public int inputSize() {
        return layers.get(0).in();
    }

    /** Number of outputs. */
    public int outputSize() {
        return layers.get(layers.size() - 1).out();
    }

    /** The per-input mean subtracted before the first layer (a copy); empty when the head standardises nothing. */
    public Optional<float[]> mean() {
        return Optional.ofNullable(mean).map(float[]::clone);
    }

    /** The per-input standard deviation divided by before the first layer (a copy); empty with {@link #mean()}. */
    public Optional<float[]> std() {
        return Optional.ofNullable(std).map(float[]::clone);
    }

    /** The layers. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Runs the network on one input vector; returns the raw outputs (logits).
     *
     * @throws InferenceException when an output is NaN or infinite (damaged weights or input)
     */
    public float[] forward(float[] input) {
        float[] y = forwardUnchecked(input);
        for (float v : y) {
            if (!Float.isFinite(v)) {
                throw new InferenceException(source + " gave a non-finite output " + java.util.Arrays.toString(y)
                        + " (damaged weights, or non-finite input)");
            }
        }
        return y;
    }

    private float[] forwardUnchecked(float[] input) {
        Objects.requireNonNull(input, "input");
        if (input.length != inputSize()) {
            throw new IllegalArgumentException("head expects " + inputSize() + " inputs, got " + input.length);
        }
        float[] x = input.clone();
        if (mean != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (x[i] - mean[i]) / (std[i] == 0 ? 1 : std[i]);
            }
        }
        for (Layer l : layers) {
            float[] y = new float[l.out()];
            for (int o = 0; o < y.length; o++) {
                float[] row = l.weights[o];
                double s = l.bias[o];
                for (int i = 0; i < row.length; i++) {
                    s += row[i] * x[i];
                }
                y[o] = switch (l.activation) {
                    case RELU -> (float) Math.max(0, s);
                    case TANH -> (float) Math.tanh(s);
                    case NONE -> (float) s;
                };
            }
            x = y;
        }
        return x;
    }

    /** Softmax of logits (a new array; the maximum is subtracted first, so large logits are safe). */
    public static double[] softmax(double[] logits) {
        Objects.requireNonNull(logits, "logits");
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Softmax of float logits, as doubles. */
    public static double[] softmax(float[] logits) {
        Objects.requireNonNull(logits, "logits");
        double[] d = new double[logits.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = logits[i];
        }
        return softmax(d);
    }

    /** The hidden representation before the last layer (the input of the classifier layer). */
    public float[] penultimate(float[] input) {
        if (layers.size() == 1) {
            return input.clone();
        }
        DenseHead trunk = new DenseHead(mean, std, layers.subList(0, layers.size() - 1), source);
        return trunk.forward(input);
    }

    /** The card value describing the layers, e.g. {@code 384x128:relu,128x7:none}. */
    public String layerSpec() {
        List<String> parts = new ArrayList<>();
        for (Layer l : layers) {
            parts.add(l.in() + "x" + l.out() + ":" + l.activation.name().toLowerCase(Locale.ROOT));
        }
        return String.join(",", parts);
    }

    /** Whether inputs are standardised. */
    public boolean normalizes() {
        return mean != null;
    }

    /** Writes the weights file. */
    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        if (mean != null) {
            writeFloats(d, mean);
            writeFloats(d, std);
        }
        for (Layer l : layers) {
            for (float[] row : l.weights) {
                writeFloats(d, row);
            }
            writeFloats(d, l.bias);
        }
        d.flush();
    }

    private static void writeFloats(DataOutputStream d, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        d.write(b.array());
    }

    /** Reads a head from a model bundle: file {@code head.file} (default {@code head.bin}), {@code head.layers}, {@code head.normalize}. */
    public static DenseHead load(ModelBundle bundle) throws ModelLoadException {
        String file = bundle.card().property("head.file").orElse("head.bin");
        String spec = bundle.card().property("head.layers").orElseThrow(() -> new ModelLoadException(
                "Model '" + bundle.card().id() + "': card lacks head.layers (e.g. 384x7:none)"));
        boolean normalize = Boolean.parseBoolean(bundle.card().property("head.normalize").orElse("false"));
        return read(bundle.file(file), spec, normalize, bundle.card().id());
    }

    /** Reads a head from a weights file and a layer spec. */
    public static DenseHead read(Path file, String layerSpec, boolean normalize, String modelId) throws ModelLoadException {
        List<int[]> sizes = new ArrayList<>();
        List<Activation> acts = new ArrayList<>();
        try {
            for (String part : layerSpec.split(",")) {
                String[] sa = part.strip().split(":");
                String[] io = sa[0].split("x");
                sizes.add(new int[] {Integer.parseInt(io[0].strip()), Integer.parseInt(io[1].strip())});
                acts.add(sa.length > 1 ? Activation.valueOf(sa[1].strip().toUpperCase(Locale.ROOT)) : Activation.NONE);
            }
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + modelId + "': bad head.layers '" + layerSpec
                    + "', expected e.g. 384x128:relu,128x7:none", file, e);
        }
        long expected = 0;
        if (normalize) {
            expected += 2L * sizes.get(0)[0];
        }
        for (int[] s : sizes) {
            expected += (long) s[0] * s[1] + s[1];
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("Model '" + modelId + "': cannot read " + file + ": " + e.getMessage(), file, e);
        }
        if (bytes.length != expected * 4) {
            throw new ModelLoadException("Model '" + modelId + "': " + file + " has " + bytes.length + " bytes but head.layers="
                    + layerSpec + (normalize ? " with normalisation" : "") + " needs " + expected * 4, file);
        }
        java.nio.FloatBuffer fb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] mean = null;
        float[] std = null;
        if (normalize) {
            mean = new float[sizes.get(0)[0]];
            std = new float[mean.length];
            fb.get(mean);
            fb.get(std);
        }
        List<Layer> layers = new ArrayList<>();
        for (int k = 0; k < sizes.size(); k++) {
            int in = sizes.get(k)[0];
            int out = sizes.get(k)[1];
            float[][] w = new float[out][in];
            for (float[] row : w) {
                fb.get(row);
            }
            float[] b = new float[out];
            fb.get(b);
            layers.add(new Layer(w, b, acts.get(k)));
        }
        DenseHead head;
        try {
            head = new DenseHead(mean, std, layers, "Model '" + modelId + "' (" + file.getFileName() + ")");
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model '" + modelId + "': inconsistent head.layers '" + layerSpec + "': "
                    + e.getMessage(), file, e);
        }
        head.checkFinite(file, modelId);
        return head;
    }

    /**
     * The smoke test every loaded head passes: every weight is finite, and the outputs for a fixed
     * input ({@link #smokeInput(int)}) are finite. A file of the right size with random bytes or
     * NaNs (and its SHA-256 updated in the card) fails here rather than at every prediction.
     *
     * @throws ModelLoadException naming the file
     */
    void checkFinite(Path file, String modelId) throws ModelLoadException {
        String where = "Model '" + modelId + "': " + file + " ";
        if (mean != null && (!finite(mean) || !finite(std))) {
            throw new ModelLoadException(where + "holds NaN or infinite normalisation values: the file is damaged", file);
        }
        for (int k = 0; k < layers.size(); k++) {
            Layer l = layers.get(k);
            boolean ok = finite(l.bias);
            for (int o = 0; ok && o < l.weights.length; o++) {
                ok = finite(l.weights[o]);
            }
            if (!ok) {
                throw new ModelLoadException(where + "holds NaN or infinite weights in layer " + (k + 1)
                        + ": the file is damaged", file);
            }
        }
        float[] y = forwardUnchecked(smokeInput(inputSize()));
        if (!finite(y)) {
            throw new ModelLoadException(where + "gives non-finite outputs " + java.util.Arrays.toString(y)
                    + " on a fixed test input: the weights are damaged or out of range", file);
        }
    }

    /** The fixed input of the load-time smoke test: {@code 0.5 * sin(i + 1)}, small and different per input. */
    public static float[] smokeInput(int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (0.5 * Math.sin(i + 1));
        }
        return x;
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
