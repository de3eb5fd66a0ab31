package io.github.emotion4j.training.head;

import io.github.emotion4j.core.head.DenseHead;
import java.util.List;
import java.util.Objects;

/**
 * Fits a multinomial logistic-regression head (a "linear probe") on embeddings in plain Java:
 * inputs standardised with the training set's mean and standard deviation (kept inside the head),
 * zero-initialised weights, full-batch Adam on the class-weighted cross-entropy with L2. The
 * result is a one-layer {@link DenseHead} ({@code head.layers=DxK:none}, {@code head.normalize=true})
 * that every module evaluates without an engine. Deterministic: no randomness at all.
 * Stateless and thread-safe.
 */
public final class LinearProbe {
    /**
     * Settings.
     *
     * @param epochs        full-batch Adam steps
     * @param learningRate  Adam step size
     * @param l2            L2 penalty on the weights
     * @param balanceClasses weight each class by {@code n / (k * n_class)} so rare classes count as much
     */
    public record Config(int epochs, double learningRate, double l2, boolean balanceClasses) {
        public Config {
            if (epochs < 1 || !(learningRate > 0) || !(l2 >= 0)) {
                throw new IllegalArgumentException("bad settings: " + epochs + " epochs, learning rate " + learningRate
                        + ", l2 " + l2);
            }
        }

        /** 300 steps, learning rate 0.05, L2 1e-3, balanced classes. */
        public static Config defaults() {
            return new Config(300, 0.05, 1e-3, true);
        }
    }

    private LinearProbe() {
    }

    /**
     * Fits a head.
     *
     * @param x       one vector per example, all of one length
     * @param y       class index per example
     * @param classes number of classes
     */
    public static DenseHead fit(float[][] x, int[] y, int classes, Config cfg) {
        Objects.requireNonNull(cfg, "cfg");
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need one label per vector and at least one vector");
        }
        int n = x.length;
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (float[] r : x) {
                if (r.length != d) {
                    throw new IllegalArgumentException("vectors differ in length: " + d + " and " + r.length);
                }
                s += r[j];
            }
            double m = s / n;
            double v = 0;
            for (float[] r : x) {
                v += (r[j] - m) * (r[j] - m);
            }
            mean[j] = (float) m;
            double sd = Math.sqrt(v / n);
            std[j] = (float) (sd < 1e-6 ? 1 : sd);
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        double[] classWeight = new double[classes];
        int[] count = new int[classes];
        for (int c : y) {
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("class index " + c + " outside [0, " + classes + ")");
            }
            count[c]++;
        }
        for (int c = 0; c < classes; c++) {
            classWeight[c] = !cfg.balanceClasses() ? 1 : count[c] == 0 ? 0 : n / (double) (classes * count[c]);
        }
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        double[][] mw = new double[classes][d];
        double[][] vw = new double[classes][d];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double[] logits = new double[classes];
        for (int step = 1; step <= cfg.epochs(); step++) {
            double[][] gw = new double[classes][d];
            double[] gb = new double[classes];
            double totalWeight = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = b[c];
                    for (int j = 0; j < d; j++) {
                        s += w[c][j] * z[i][j];
                    }
                    logits[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    logits[c] = Math.exp(logits[c] - max);
                    sum += logits[c];
                }
                double cw = classWeight[y[i]];
                totalWeight += cw;
                for (int c = 0; c < classes; c++) {
                    double g = cw * (logits[c] / sum - (c == y[i] ? 1 : 0));
                    gb[c] += g;
                    for (int j = 0; j < d; j++) {
                        gw[c][j] += g * z[i][j];
                    }
                }
            }
            double scale = totalWeight > 0 ? 1 / totalWeight : 1.0 / n;
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] * scale + cfg.l2() * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= cfg.learningRate() * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + eps);
                }
                double g = gb[c] * scale;
                mb[c] = beta1 * mb[c] + (1 - beta1) * g;
                vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
                b[c] -= cfg.learningRate() * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + eps);
            }
        }
        float[][] wf = new float[classes][d];
        float[] bf = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                wf[c][j] = (float) w[c][j];
            }
            bf[c] = (float) b[c];
        }
        return new DenseHead(mean, std, List.of(new DenseHead.Layer(wf, bf, DenseHead.Activation.NONE)));
    }
}
