package io.github.emotion4j.training.dynamics;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.dynamics.LiftingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Trains the learnable parts of {@link LiftingDynamics} (split threshold {@code theta}, updater
 * matrix {@code U}, predictor matrix {@code P} and bias) with DJL on the PyTorch engine: the forward
 * pass below repeats {@link LiftingDynamics}'s formulas with NDArrays, the loss is the negative
 * log-likelihood of the clip's label under the clip distribution plus a small L2 penalty, and the
 * gradients from DJL's autograd drive DJL's Adam ({@link Optimizer#adam()}, fixed learning rate). Training starts from the parameter-free step
 * (all zeros) and is deterministic for a given seed and clip order. The result is exported as
 * {@link LiftingParameters}; inference needs no DJL.
 *
 * <p>Not thread-safe; one trainer per training run.
 */
public final class LiftingTrainer {
    private static final float EPS = 1e-6f;
    private static final String[] PARAMETER_IDS = {"theta", "update", "predict", "predictBias"};

    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double l2;
    private final long seed;

    /**
     * @param epochs       passes over the clips
     * @param batchSize    clips per step
     * @param learningRate Adam step size
     * @param l2           weight of the L2 penalty on U, P and the bias
     * @param seed         shuffling seed
     */
    public LiftingTrainer(int epochs, int batchSize, double learningRate, double l2, long seed) {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("need epochs >= 1, batchSize >= 1, learningRate > 0, l2 >= 0");
        }
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.l2 = l2;
        this.seed = seed;
    }

    /** Defaults: 60 epochs, batch 64, Adam learning rate 0.005, L2 1e-3, seed 42. */
    public static LiftingTrainer defaults() {
        return new LiftingTrainer(60, 64, 0.005, 1e-3, 42);
    }

    /**
     * Trains from the parameter-free step.
     *
     * @param clips training clips, all with the same T, D and C
     * @param log   receives one line per 10 epochs (may be a no-op)
     * @return the trained parameters, for {@code new LiftingDynamics(parameters)}
     * @throws IllegalArgumentException when there are no clips or a batch mixes clip lengths
     */
    public LiftingParameters train(List<LabelledClip> clips, java.util.function.Consumer<String> log) {
        Objects.requireNonNull(clips, "clips");
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        int d = clips.get(0).embeddings()[0].length;
        LiftingParameters start = LiftingParameters.parameterFree(d);
        float[][] start0 = {new float[] {(float) start.theta()}, start.update(), start.predict(), start.predictBias()};
        Random rnd = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            order.add(i);
        }
        Engine engine = PyTorchEngine.engine();
        // the L2 penalty is part of the loss below (on U, P and the bias, not theta), so Adam itself has no weight decay
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays(0f).build();
        try (NDManager mgr = NDManager.newBaseManager(Device.cpu(), engine.getEngineName())) {
            NDArray[] p = new NDArray[start0.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = mgr.create(start0[i]);
                p[i].setRequiresGradient(true);
            }
            for (int epoch = 1; epoch <= epochs; epoch++) {
                java.util.Collections.shuffle(order, rnd);
                double epochLoss = 0;
                for (int s = 0; s < order.size(); s += batchSize) {
                    List<LabelledClip> batch = new ArrayList<>();
                    for (int i = s; i < Math.min(order.size(), s + batchSize); i++) {
                        batch.add(clips.get(order.get(i)));
                    }
                    try (NDManager scope = mgr.newSubManager()) {
                        scope.tempAttachAll(p);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray q = forward(scope, batch, p[0], p[1], p[2], p[3], start.tau(), d);
                            int[] labels = batch.stream().mapToInt(LabelledClip::label).toArray();
                            NDArray picked = q.mul(oneHot(scope, labels, q.getShape().get(1))).sum(new int[] {1});
                            NDArray nll = picked.add(1e-8f).log().neg().mean();
                            NDArray reg = p[1].square().sum().add(p[2].square().sum()).add(p[3].square().sum())
                                    .mul((float) l2);
                            epochLoss += nll.getFloat() * batch.size();
                            gc.backward(nll.add(reg));
                        }
                    }
                    // outside the step's scope: Adam keeps its moments next to the parameters, in mgr
                    for (int i = 0; i < p.length; i++) {
                        try (NDArray grad = p[i].getGradient()) {
                            adam.update(PARAMETER_IDS[i], p[i], grad);
                            grad.muli(0f);
                        }
                    }
                }
                if (epoch % 10 == 0 || epoch == epochs) {
                    log.accept(String.format(Locale.ROOT, "epoch %d  nll %.4f  theta %.4f", epoch,
                            epochLoss / clips.size(), p[0].getFloat(0)));
                }
            }
            return new LiftingParameters(d, p[0].getFloat(0), start.tau(), p[1].toFloatArray(), p[2].toFloatArray(),
                    p[3].toFloatArray());
        }
    }

    private static NDArray oneHot(NDManager mgr, int[] labels, long classes) {
        float[] oh = new float[labels.length * (int) classes];
        for (int i = 0; i < labels.length; i++) {
            oh[i * (int) classes + labels[i]] = 1f;
        }
        return mgr.create(oh, new Shape(labels.length, classes));
    }

    /**
     * The clip distributions of a batch under given parameters, computed with DJL (used by training
     * and by the test that checks it against {@link LiftingDynamics}).
     */
    public static float[][] clipProbabilities(LiftingParameters params, List<LabelledClip> clips) {
        Engine engine = PyTorchEngine.engine();
        try (NDManager mgr = NDManager.newBaseManager(Device.cpu(), engine.getEngineName())) {
            NDArray q = forward(mgr, clips, mgr.create(new float[] {(float) params.theta()}), mgr.create(params.update()),
                    mgr.create(params.predict()), mgr.create(params.predictBias()), params.tau(), params.dim());
            long c = q.getShape().get(1);
            float[] flat = q.toFloatArray();
            float[][] out = new float[clips.size()][(int) c];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * (int) c, out[i], 0, (int) c);
            }
            return out;
        }
    }

    /** The lifting forward pass on a batch of clips of equal length; returns [B, C] clip probabilities. */
    static NDArray forward(NDManager mgr, List<LabelledClip> clips, NDArray theta, NDArray uFlat, NDArray pFlat,
                           NDArray bias, double tau, int d) {
        int b = clips.size();
        int t = clips.get(0).embeddings().length;
        int c = clips.get(0).probabilities()[0].length;
        float[] xs = new float[b * t * d];
        float[] ps = new float[b * t * c];
        float[] zs = new float[b * t];
        for (int i = 0; i < b; i++) {
            LabelledClip clip = clips.get(i);
            if (clip.embeddings().length != t) {
                throw new IllegalArgumentException("all clips of a batch need the same number of frames");
            }
            double[] z = LiftingDynamics.splitScores(clip.embeddings());
            for (int f = 0; f < t; f++) {
                System.arraycopy(clip.embeddings()[f], 0, xs, (i * t + f) * d, d);
                System.arraycopy(clip.probabilities()[f], 0, ps, (i * t + f) * c, c);
                zs[i * t + f] = (float) z[f];
            }
        }
        NDArray x = mgr.create(xs, new Shape(b, t, d));
        NDArray p = mgr.create(ps, new Shape(b, t, c));
        NDArray z = mgr.create(zs, new Shape(b, t));
        NDArray u = uFlat.reshape(d, d);
        NDArray pm = pFlat.reshape(d, d);

        NDArray mem = ai.djl.nn.Activation.sigmoid(z.sub(theta).div((float) tau));
        NDArray memX = mem.expandDims(2);
        NDArray ms = mem.sum(new int[] {1});
        NDArray ss = mem.neg().add(1f).sum(new int[] {1});
        NDArray xS = memX.neg().add(1f).mul(x).sum(new int[] {1}).div(ss.maximum(EPS).expandDims(1));
        NDArray xDraw = memX.mul(x).sum(new int[] {1}).div(ms.maximum(EPS).expandDims(1));
        NDArray hasDyn = ms.gt(EPS).expandDims(1).broadcast(new Shape(b, d));
        NDArray xD = NDArrays.where(hasDyn, xDraw, xS);
        NDArray rho = ms.div((float) t).expandDims(1);
        NDArray delta = xD.sub(xS);
        NDArray ctx = xS.add(rho.mul(delta)).add(delta.matMul(u.transpose()));
        NDArray pc = ctx.add(ctx.matMul(pm.transpose())).add(bias);
        NDArray res = x.sub(pc.expandDims(1));
        NDArray norm = res.square().sum(new int[] {2}).add(1e-12f).sqrt();
        NDArray score = mem.mul(norm);
        NDArray total = score.sum(new int[] {1});
        NDArray gate = mem.max(new int[] {1});
        NDArray attRaw = score.div(total.maximum(1e-12f).expandDims(1));
        NDArray uniform = mgr.full(new Shape(b, t), 1f / t);
        NDArray att = NDArrays.where(total.gt(1e-9f).expandDims(1).broadcast(new Shape(b, t)), attRaw, uniform);
        NDArray w = gate.neg().add(1f).div((float) t).expandDims(1).add(gate.expandDims(1).mul(att));
        NDArray q = w.expandDims(2).mul(p).sum(new int[] {1});
        return q.div(q.sum(new int[] {1}, true));
    }
}
