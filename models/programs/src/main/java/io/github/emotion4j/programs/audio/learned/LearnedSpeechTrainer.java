package io.github.emotion4j.programs.audio.learned;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Trains {@link LearnedSpeechNet} from scratch with DJL (PyTorch engine, CPU): AdamW on matrices
 * and convolutions, Adam without decay on biases and norms, class-weighted cross-entropy
 * (weights n / (classes * n_c)), every example freshly augmented ({@link WaveAugmenter}) and
 * standardised in every epoch, a fixed number of epochs (no early stopping, so no validation data
 * is needed). Deterministic for a seed on one libtorch thread. Not thread-safe.
 */
public final class LearnedSpeechTrainer {
    private LearnedSpeechTrainer() {
    }

    /**
     * All settings, fixed before any evaluation.
     *
     * @param net          the network sizes
     * @param epochs       passes over the training set
     * @param batchSize    crops per step
     * @param learningRate Adam(W) learning rate
     * @param weightDecay  decoupled weight decay on matrices
     * @param dropout      dropout on residual branches and the classifier
     * @param seed         random seed (initialisation, order, augmentation, dropout)
     * @param augmenter    the augmentation
     */
    public record Config(LearnedSpeechNet net, int epochs, int batchSize, double learningRate, double weightDecay,
                         float dropout, long seed, WaveAugmenter augmenter) {
        /** Checks the settings. */
        public Config {
            Objects.requireNonNull(net, "net");
            Objects.requireNonNull(augmenter, "augmenter");
            if (epochs < 1 || batchSize < 1 || learningRate <= 0 || weightDecay < 0 || dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("bad training settings");
            }
        }

        /** The settings fixed up front for EmoDB (see the model card). */
        public static Config standard(int classes, int epochs) {
            return new Config(new LearnedSpeechNet(32, 64, 4, 128, 2, classes), epochs, 8, 1e-3, 1e-2, 0.1f, 42,
                    WaveAugmenter.standard());
        }

        /** One line for logs and cards. */
        public String describe() {
            return String.format(Locale.ROOT, "channels=%d dim=%d heads=%d ffn=%d layers=%d params=%d epochs=%d batch=%d"
                            + " lr=%s weightDecay=%s dropout=%s seed=%d augment=%s", net.channels(), net.dim(), net.heads(),
                    net.ffn(), net.layers(), net.parameterCount(), epochs, batchSize, learningRate, weightDecay, dropout,
                    seed, augmenter);
        }
    }

    /**
     * Trains on 16 kHz recordings.
     *
     * @param clips the recordings
     * @param y     class index per recording
     * @param cfg   settings
     * @param log   progress lines (one per epoch)
     * @return the trained parameters by name
     */
    public static Map<String, float[]> train(List<float[]> clips, int[] y, Config cfg, PrintStream log) {
        if (clips.isEmpty() || clips.size() != y.length) {
            throw new IllegalArgumentException("need one label per recording and at least one recording");
        }
        LearnedSpeechNet net = cfg.net();
        int classes = net.classes();
        int[] count = new int[classes];
        for (int c : y) {
            count[c]++;
        }
        float[] classWeight = new float[classes];
        for (int c = 0; c < classes; c++) {
            classWeight[c] = count[c] == 0 ? 0 : (float) (y.length / (double) (classes * count[c]));
        }
        Map<String, int[]> shapes = net.shapes();
        Map<String, float[]> init = net.init(cfg.seed());
        Random rnd = new Random(cfg.seed() * 31 + 7);
        Engine engine = PyTorchEngine.engine();
        engine.setRandomSeed((int) cfg.seed());
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                .optWeightDecays((float) cfg.weightDecay()).build();
        Optimizer plain = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                .optWeightDecays(0f).build();
        int crop = cfg.augmenter().cropSamples();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> stored = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : shapes.entrySet()) {
                stored.put(e.getKey(), root.create(init.get(e.getKey()), shape(e.getValue())));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                order.add(i);
            }
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                Collections.shuffle(order, rnd);
                double lossSum = 0;
                int correct = 0;
                for (int from = 0; from < order.size(); from += cfg.batchSize()) {
                    List<Integer> b = order.subList(from, Math.min(order.size(), from + cfg.batchSize()));
                    float[] x = new float[b.size() * crop];
                    float[] target = new float[b.size() * classes];
                    double wsum = 0;
                    for (int i = 0; i < b.size(); i++) {
                        float[] a = cfg.augmenter().apply(clips.get(b.get(i)), clips, rnd);
                        WaveAugmenter.standardise(a);
                        System.arraycopy(a, 0, x, i * crop, crop);
                        wsum += classWeight[y[b.get(i)]];
                    }
                    for (int i = 0; i < b.size(); i++) {
                        int c = y[b.get(i)];
                        target[i * classes + c] = (float) (classWeight[c] / wsum);
                    }
                    try (NDManager mgr = root.newSubManager()) {
                        Map<String, NDArray> p = new LinkedHashMap<>();
                        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                            NDArray a = mgr.create(e.getValue().toFloatArray(), e.getValue().getShape());
                            a.setRequiresGradient(true);
                            p.put(e.getKey(), a);
                        }
                        NDArray logits;
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray in = mgr.create(x, new Shape(b.size(), crop));
                            logits = net.logits(p, net.hidden(p, in, cfg.dropout(), true), cfg.dropout(), true);
                            NDArray loss = logits.logSoftmax(-1).mul(mgr.create(target, new Shape(b.size(), classes)))
                                    .sum().neg();
                            gc.backward(loss);
                            lossSum += loss.getFloat() * b.size();
                        }
                        float[] lv = logits.toFloatArray();
                        for (int i = 0; i < b.size(); i++) {
                            correct += argmax(lv, i * classes, classes) == y[b.get(i)] ? 1 : 0;
                        }
                        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                            String k = e.getKey();
                            boolean matrix = shapes.get(k).length >= 2;
                            (matrix ? decayed : plain).update(k, e.getValue(), p.get(k).getGradient());
                        }
                    }
                }
                if (log != null) {
                    log.printf(Locale.ROOT, "  epoch %d: train loss %.4f, train accuracy (augmented) %.3f, %.1f s%n", epoch,
                            lossSum / y.length, correct / (double) y.length, (System.nanoTime() - t0) / 1e9);
                }
            }
            for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                out.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
        return out;
    }

    /**
     * Class probabilities of whole recordings, one at a time: zero-padded to the receptive field,
     * standardised, no augmentation, no dropout (the inference path of the encoder adapter for
     * input up to 10 s).
     */
    public static float[][] predict(LearnedSpeechNet net, Map<String, float[]> params, List<float[]> clips) {
        PyTorchEngine.engine();
        float[][] out = new float[clips.size()][];
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : net.shapes().entrySet()) {
                p.put(e.getKey(), root.create(params.get(e.getKey()), shape(e.getValue())));
            }
            for (int i = 0; i < clips.size(); i++) {
                float[] c = clips.get(i);
                float[] x = Arrays.copyOf(c, Math.max(c.length, LearnedSpeechNet.RECEPTIVE_FIELD));
                WaveAugmenter.standardise(x);
                try (NDManager mgr = root.newSubManager()) {
                    NDArray in = mgr.create(x, new Shape(1, x.length));
                    out[i] = net.logits(p, net.hidden(p, in, 0, false), 0, false).softmax(-1).toFloatArray();
                }
            }
        }
        return out;
    }

    static Shape shape(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return new Shape(l);
    }

    static int argmax(float[] v, int off, int n) {
        int b = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + b]) {
                b = i;
            }
        }
        return b;
    }
}
