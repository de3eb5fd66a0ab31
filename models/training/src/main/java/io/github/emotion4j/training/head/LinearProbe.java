package io.github.emotion4j.training.head;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import java.util.List;
import java.util.Objects;

/**
 * Fits a multinomial logistic-regression head (a "linear probe") on embeddings: inputs
 * standardised with the training set's mean and standard deviation (kept inside the head),
 * zero-initialised weights, full-batch Adam (DJL's {@link Optimizer#adam()}, PyTorch engine through
 * {@link PyTorchEngine#engine()}) on the class-weighted cross-entropy, with L2 weight decay on the
 * weights (not the bias). The result is a one-layer {@link DenseHead}
 * ({@code head.layers=DxK:none}, {@code head.normalize=true}) that every module evaluates without
 * an engine. Deterministic: no randomness at all, and libtorch runs on one thread unless the user
 * set {@code ai.djl.pytorch.num_threads}. Stateless and thread-safe.
 *
 * <pre>{@code
 * DenseHead head = LinearProbe.fit(embeddings, labels, classCount, LinearProbe.Config.defaults());
 * }</pre>
 */
public final class LinearProbe {
    /**
     * Settings.
     *
     * @param epochs        full-batch Adam steps
     * @param learningRate  Adam step size
     * @param l2            L2 weight decay on the weights (Adam's weight decay; the bias has none)
     * @param balanceClasses weight each class by {@code n / (k * n_class)} so rare classes count as much
     */
    public record Config(int epochs, double learningRate, double l2, boolean balanceClasses) {
        /** Checks the components and copies the mutable ones. */
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
     * @param cfg     settings
     * @return the fitted head, inputs standardised inside it
     * @throws IllegalArgumentException when the vectors differ in length, a label is out of range, or
     *                                  there are no vectors
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
        // rows of z, and the class weight scaled so that the loss is the weighted mean over examples
        float[] zFlat = new float[n * d];
        float[] target = new float[n * classes];
        double totalWeight = 0;
        for (int i = 0; i < n; i++) {
            totalWeight += classWeight[y[i]];
        }
        double scale = totalWeight > 0 ? 1 / totalWeight : 1.0 / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                zFlat[i * d + j] = (float) ((x[i][j] - mean[j]) / std[j]);
            }
            target[i * classes + y[i]] = (float) (classWeight[y[i]] * scale);
        }
        Engine engine = PyTorchEngine.engine();
        float[][] wf = new float[classes][d];
        float[] bf;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), engine.getEngineName())) {
            NDArray z = manager.create(zFlat, new Shape(n, d));
            NDArray t = manager.create(target, new Shape(n, classes));
            // weights kept as [d, classes] so that z.matMul(w) puts every per-step tensor in the step's scope
            NDArray w = manager.zeros(new Shape(d, classes));
            NDArray b = manager.zeros(new Shape(classes));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            // L2 on the weights only, added to the gradient (classic Adam, not AdamW); none on the bias
            Optimizer weightAdam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                    .optWeightDecays((float) cfg.l2()).build();
            Optimizer biasAdam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                    .optWeightDecays(0f).build();
            for (int step = 1; step <= cfg.epochs(); step++) {
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(z, t);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray logits = z.matMul(w).add(b);
                        gc.backward(logits.logSoftmax(1).mul(t).sum().neg());
                    }
                }
                update(weightAdam, "weight", w);
                update(biasAdam, "bias", b);
            }
            float[] flat = w.toFloatArray();
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    wf[c][j] = flat[j * classes + c];
                }
            }
            bf = b.toFloatArray();
        }
        return new DenseHead(mean, std, List.of(new DenseHead.Layer(wf, bf, DenseHead.Activation.NONE)));
    }

    /** One Adam step on {@code param} with its gradient, then the gradient is cleared for the next step. */
    private static void update(Optimizer adam, String id, NDArray param) {
        try (NDArray grad = param.getGradient()) {
            adam.update(id, param, grad);
            grad.muli(0f);
        }
    }
}
