package io.github.emotion4j.programs.conversation;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains one {@link NetSpec} with DJL (PyTorch engine, CPU): AdamW on the matrices, Adam on biases and
 * transition matrices, mini-batches of dialogues, class-weighted cross-entropy over the turns,
 * dropout on the standardised inputs and the classifier's hidden layer, scheduled sampling for the
 * label-transition term, early stopping on the weighted-F1 of a held-out part of train.
 */
final class ContextTrainer {

    /**
     * Training settings.
     *
     * @param epochs           most epochs
     * @param patience         epochs without a better held-out weighted-F1 before stopping
     * @param batchSize        dialogues per step
     * @param learningRate     Adam learning rate
     * @param weightDecay      AdamW decay of the matrices
     * @param inputDropout     dropout on the standardised inputs
     * @param hiddenDropout    dropout on the classifier's hidden layer
     * @param classWeightPower class weights (n / (K n_c))^power; 0 = unweighted
     * @param goldProbability  scheduled sampling: probability that an earlier turn's label is the gold one
     * @param window           attention window (turns)
     * @param seed             random seed (initialisation, order, dropout, sampling)
     */
    record Config(int epochs, int patience, int batchSize, double learningRate, double weightDecay, double inputDropout,
                  double hiddenDropout, double classWeightPower, double goldProbability, int window, long seed) {
        String describe() {
            return String.format(Locale.ROOT, "epochs<=%d patience=%d batch=%d lr=%s wd=%s inDrop=%s hidDrop=%s cwPower=%s "
                            + "gold=%s window=%d seed=%d", epochs, patience, batchSize, learningRate, weightDecay, inputDropout,
                    hiddenDropout, classWeightPower, goldProbability, window, seed);
        }
    }

    /** A trained net. */
    record Trained(NetSpec spec, Map<String, float[]> params, Map<String, int[]> shapes, int bestEpoch, double heldOutWeightedF1,
                   double seconds) {
    }

    private ContextTrainer() {
    }

    static Trained train(NetSpec spec, List<DialogueBatch.Item> fit, List<DialogueBatch.Item> heldOut, int k, float[] mean,
                         float[] std, Config cfg) {
        long t0 = System.nanoTime();
        Random rnd = new Random(cfg.seed());
        int d = mean.length;
        Map<String, int[]> shapes = spec.shapes(d, k);
        Map<String, float[]> params = init(shapes, rnd);
        double[] cw = classWeights(fit, k, cfg.classWeightPower());
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                .optWeightDecays((float) cfg.weightDecay()).build();
        Optimizer plain = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                .optWeightDecays(0f).build();
        Engine engine = PyTorchEngine.engine();
        Map<String, float[]> best = copy(params);
        double bestF1 = -1;
        int bestEpoch = 0;
        int steps = 0;
        int skipped = 0;
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray meanNd = root.create(mean);
            NDArray stdNd = root.create(std);
            Map<String, NDArray> stored = arrays(root, params, shapes, false);
            List<DialogueBatch.Item> order = new ArrayList<>(fit);
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                Collections.shuffle(order, rnd);
                for (int from = 0; from < order.size(); from += cfg.batchSize()) {
                    DialogueBatch batch = new DialogueBatch(order.subList(from, Math.min(order.size(), from + cfg.batchSize())));
                    try (NDManager mgr = root.newSubManager()) {
                        Map<String, NDArray> p = arrays(mgr, params, shapes, true);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            ContextGraph.Out out = ContextGraph.forward(mgr, spec, p, params, meanNd, stdNd, batch, k, cfg.window(),
                                    !spec.bidirectional(), cfg.inputDropout(), cfg.hiddenDropout(), cfg.goldProbability(), rnd);
                            float[] target = new float[batch.b * batch.t * k];
                            double norm = 0;
                            for (int r = 0; r < batch.labels.length; r++) {
                                if (batch.labels[r] >= 0) {
                                    target[r * k + batch.labels[r]] = (float) cw[batch.labels[r]];
                                    norm += cw[batch.labels[r]];
                                }
                            }
                            NDArray loss = out.logits().logSoftmax(2).mul(mgr.create(target, new Shape(batch.b, batch.t, k)))
                                    .sum().div((float) -norm);
                            if (!Float.isFinite(loss.getFloat())) {
                                skipped = skip(skipped, steps, epoch, "loss");
                                continue;
                            }
                            gc.backward(loss);
                        }
                        steps++;
                        // a step with a non-finite gradient is skipped (it would turn every weight into NaN); a run without
                        // one trains exactly as before
                        double g2 = 0;
                        for (String key : stored.keySet()) {
                            g2 += p.get(key).getGradient().square().sum().getFloat();
                        }
                        if (!Double.isFinite(g2)) {
                            skipped = skip(skipped, steps, epoch, "gradient");
                            continue;
                        }
                        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                            String key = e.getKey();
                            (decays(key) ? decayed : plain).update(key, e.getValue(), p.get(key).getGradient());
                            params.put(key, e.getValue().toFloatArray());
                        }
                    }
                }
                double f1 = weightedF1(report(spec, params, shapes, heldOut, k, mean, std, cfg.window(), !spec.bidirectional()));
                if (f1 > bestF1 + 1e-6) {
                    bestF1 = f1;
                    bestEpoch = epoch;
                    best = copy(params);
                } else if (epoch - bestEpoch >= cfg.patience()) {
                    break;
                }
            }
        }
        return new Trained(spec, best, shapes, bestEpoch, bestF1, (System.nanoTime() - t0) / 1e9);
    }

    /** Counts a skipped step; more than 1% of the steps (after the first 20) non-finite is a failed run. */
    private static int skip(int skipped, int steps, int epoch, String what) {
        int n = skipped + 1;
        System.out.printf(Locale.ROOT, "  epoch %d: non-finite %s, step skipped (%d so far)%n", epoch, what, n);
        if (n > 20 && n > steps / 100) {
            throw new IllegalStateException(n + " of " + steps + " steps had a non-finite " + what + ": the run diverged");
        }
        return n;
    }

    private static boolean decays(String key) {
        return key.endsWith(".weight") || key.endsWith(".wi") || key.endsWith(".wh");
    }

    /** Logits of every turn of every dialogue, DJL's forward pass without dropout (greedy transition labels). */
    static List<float[][]> logits(NetSpec spec, Map<String, float[]> params, Map<String, int[]> shapes,
                                  List<DialogueBatch.Item> items, int k, float[] mean, float[] std, int window, boolean causal) {
        List<float[][]> out = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray meanNd = root.create(mean);
            NDArray stdNd = root.create(std);
            for (int from = 0; from < items.size(); from += 64) {
                List<DialogueBatch.Item> slice = items.subList(from, Math.min(items.size(), from + 64));
                DialogueBatch batch = new DialogueBatch(slice);
                try (NDManager mgr = root.newSubManager()) {
                    Map<String, NDArray> p = arrays(mgr, params, shapes, false);
                    float[] l = ContextGraph.forward(mgr, spec, p, params, meanNd, stdNd, batch, k, window, causal, 0, 0, 0, null)
                            .logits().toFloatArray();
                    for (int i = 0; i < slice.size(); i++) {
                        float[][] rows = new float[slice.get(i).x().length][k];
                        for (int j = 0; j < rows.length; j++) {
                            System.arraycopy(l, (i * batch.t + j) * k, rows[j], 0, k);
                        }
                        out.add(rows);
                    }
                }
            }
        }
        return out;
    }

    static ClassificationReport report(NetSpec spec, Map<String, float[]> params, Map<String, int[]> shapes,
                                       List<DialogueBatch.Item> items, int k, float[] mean, float[] std, int window, boolean causal) {
        List<float[][]> l = logits(spec, params, shapes, items, k, mean, std, window, causal);
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (int j = 0; j < l.get(i).length; j++) {
                truth.add(items.get(i).labels()[j]);
                pred.add(ContextGraph.argmaxAll(l.get(i)[j], k)[0]);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("c" + c);
        }
        return ClassificationReport.of(names, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Support-weighted mean of the per-class F1 (the figure MELD papers report). */
    static double weightedF1(ClassificationReport r) {
        double s = 0;
        for (int c = 0; c < r.classes().size(); c++) {
            s += r.support(c) * r.f1(c);
        }
        return r.n() == 0 ? 0 : s / r.n();
    }

    static double[] classWeights(List<DialogueBatch.Item> items, int k, double power) {
        double[] count = new double[k];
        double n = 0;
        for (DialogueBatch.Item it : items) {
            for (int y : it.labels()) {
                count[y]++;
                n++;
            }
        }
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            w[c] = Math.pow(n / (k * Math.max(1, count[c])), power);
        }
        return w;
    }

    static Map<String, float[]> init(Map<String, int[]> shapes, Random rnd) {
        Map<String, float[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            int[] s = e.getValue();
            int size = 1;
            for (int v : s) {
                size *= v;
            }
            float[] a = new float[size];
            String key = e.getKey();
            if (key.contains(".gru") && (key.endsWith(".wi") || key.endsWith(".wh") || key.endsWith(".bi") || key.endsWith(".bh"))) {
                double bound = 1.0 / Math.sqrt(s[s.length - 1] / 3.0);
                for (int i = 0; i < size; i++) {
                    a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            } else if (s.length == 2 && !key.contains("transition")) {
                double bound = Math.sqrt(6.0 / (s[0] + s[1]));
                for (int i = 0; i < size; i++) {
                    a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
            }
            p.put(key, a);
        }
        return p;
    }

    static Map<String, NDArray> arrays(NDManager mgr, Map<String, float[]> params, Map<String, int[]> shapes, boolean grad) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((key, v) -> {
            long[] s = java.util.Arrays.stream(shapes.get(key)).asLongStream().toArray();
            NDArray a = mgr.create(v, new Shape(s));
            if (grad) {
                a.setRequiresGradient(true);
            }
            out.put(key, a);
        });
        return out;
    }

    private static Map<String, float[]> copy(Map<String, float[]> p) {
        Map<String, float[]> c = new LinkedHashMap<>();
        p.forEach((key, v) -> c.put(key, v.clone()));
        return c;
    }
}
