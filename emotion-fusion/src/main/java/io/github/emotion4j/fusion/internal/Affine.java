package io.github.emotion4j.fusion.internal;

import io.github.emotion4j.fusion.model.Weights;

/**
 * A dense layer {@code y = x W + b} with {@code W} stored {@code [in, out]} row-major, evaluated in
 * double precision. Immutable and thread-safe.
 */
public final class Affine {
    private final float[] w;
    private final float[] b;
    private final int in;
    private final int out;

    /** From a weight tensor {@code [in, out]} (or {@code [..., in, out]} sliced by {@code index}) and a bias {@code [out]}. */
    public Affine(float[] w, float[] b, int in, int out) {
        if (w.length != in * out || b.length != out) {
            throw new IllegalArgumentException("layer " + in + "x" + out + " got " + w.length + " weights and "
                    + b.length + " biases");
        }
        this.w = w.clone();
        this.b = b.clone();
        this.in = in;
        this.out = out;
    }

    /** Reads {@code <prefix>.weight [in, out]} and {@code <prefix>.bias [out]}. */
    public static Affine of(Weights weights, String prefix, int in, int out) {
        return new Affine(weights.require(prefix + ".weight", in, out).values(),
                weights.require(prefix + ".bias", out).values(), in, out);
    }

    /** Input size. */
    public int in() {
        return in;
    }

    /** Output size. */
    public int out() {
        return out;
    }

    /** {@code x W + b}. */
    public double[] apply(double[] x) {
        if (x.length != in) {
            throw new IllegalArgumentException("layer takes " + in + " inputs, got " + x.length);
        }
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            y[o] = b[o];
        }
        for (int i = 0; i < in; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * out;
            for (int o = 0; o < out; o++) {
                y[o] += xi * w[row + o];
            }
        }
        return y;
    }

    /** In-place ReLU. */
    public static double[] relu(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0, x[i]);
        }
        return x;
    }

    /** In-place tanh. */
    public static double[] tanh(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.tanh(x[i]);
        }
        return x;
    }

    /** Softmax of logits (a new array). */
    public static double[] softmax(double[] logits) {
        return io.github.emotion4j.core.head.DenseHead.softmax(logits);
    }

    /** Float values as doubles. */
    public static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
