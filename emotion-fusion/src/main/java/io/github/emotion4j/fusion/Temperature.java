package io.github.emotion4j.fusion;

/**
 * Temperature scaling of a probability vector: {@code p_k^(1/T)} renormalised, the same as
 * dividing the logits by {@code T}. {@code T > 1} softens an over-confident source, {@code T < 1}
 * sharpens an under-confident one. Stateless.
 */
public final class Temperature {
    private static final double FLOOR = 1e-12;

    private Temperature() {
    }

    /** Applies temperature {@code t} (> 0) to probabilities; zeros are floored at 1e-12. */
    public static double[] apply(double[] p, double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, was " + t);
        }
        double[] log = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            log[i] = Math.log(Math.max(p[i], FLOOR)) / t;
            max = Math.max(max, log[i]);
        }
        double sum = 0;
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.exp(log[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < p.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
