package io.github.emotion4j.programs.vision.fer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fine-tunes the last dense block and the classifier of face-expression-net (face-api.js
 * FaceExpressionNet) on FER2013 train with DJL (PyTorch engine, CPU). The first three blocks stay
 * frozen, so their output is computed once for every training image and its mirror image
 * ({@link TrunkCache}); {@link Dense3Djl} starts from the published weights (a parameter file
 * from {@code finetune.py --dump-weights}). Each step draws every image plain or mirrored at random
 * (the only augmentation the cached trunk allows); Adam on softmax cross-entropy, optionally
 * class-weighted.
 *
 * <p>Protocol: a stratified part of train is held out, and pixel-identical images (FER2013 has
 * about a thousand groups of them) always fall on the same side, so no held-out face was trained
 * on. The held-out accuracy after each epoch picks the epoch ({@code best.e4jp}); it is a
 * selection figure. FER2013 validation and CK+ are not read here.
 *
 * <p>{@code FerDenseFineTune --train <fer2013/train> --trunk <trunk.pt> --init <start.e4jp> --out <dir>
 * [--cache <file>] [--epochs 8] [--lr 3e-4] [--batch 64] [--holdout 0.1] [--seed 1] [--minutes 30]
 * [--class-weight none|sqrt|inverse] [--l2 0]}
 */
public final class FerDenseFineTune {
    /** FER2013 folder names, and the index of each in face-expression-net's order (neutral, happy, sad, angry, fearful, disgusted, surprised). */
    static final List<String> FOLDERS = FerFineTune.LABELS;
    static final int[] NET_INDEX = {3, 5, 4, 1, 2, 6, 0};
    static final int CLASSES = 7;

    private FerDenseFineTune() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = FerArgs.parse(args, List.of("train", "trunk", "init", "out", "cache", "epochs", "lr", "batch", "holdout", "seed", "minutes",
                    "class-weight", "l2"));
        if (!a.containsKey("train") || !a.containsKey("trunk") || !a.containsKey("init") || !a.containsKey("out")) {
            System.err.println("usage: FerDenseFineTune --train <fer2013/train> --trunk <trunk.pt> --init <start.e4jp> --out <dir> "
                    + "[--cache file] [--epochs n] [--lr x] [--batch n] [--holdout f] [--seed n] [--minutes m] "
                    + "[--class-weight none|sqrt|inverse] [--l2 x]");
            System.exit(2);
        }
        FerArgs.Run run = FerArgs.run(a, 8, "3e-4", 30);
        Path out = run.out();
        String weighting = a.getOrDefault("class-weight", "none");
        double l2 = Double.parseDouble(a.getOrDefault("l2", "0"));
        Path cacheFile = Path.of(a.getOrDefault("cache", out.resolve("fer2013-train.e4jt").toString()));

        try (TrunkCache data = TrunkCache.open(Path.of(a.get("train")), FOLDERS, NET_INDEX, Path.of(a.get("trunk")), cacheFile)) {
            int[][] split = groupSplit(data.y(), data.hash(), CLASSES, run.holdout(), run.seed());
            int[] fit = split[0];
            int[] dev = split[1];
            System.out.printf(Locale.ROOT, "inner split: %d fit, %d held out (stratified, pixel-identical images on one side, seed %d)%n",
                    fit.length, dev.length, run.seed());
            float[] classWeight = classWeights(data.y(), fit, weighting);
            System.out.println("class weights (network order): " + Arrays.toString(classWeight));

            Engine engine = Engine.getEngine("PyTorch");
            engine.setRandomSeed((int) run.seed());
            Dense3Djl net = new Dense3Djl();
            try (Model model = Model.newInstance("face-expression-net-dense3", Device.cpu(), engine.getEngineName())) {
                model.setBlock(net);
                ai.djl.training.optimizer.Adam.Builder adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) run.lr()));
                if (l2 > 0) {
                    adam.optWeightDecays((float) l2);
                }
                DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(adam.build()).optDevices(new Device[] {Device.cpu()});
                try (Trainer trainer = model.newTrainer(tc)) {
                    trainer.initialize(new Shape(1, Dense3Djl.IN_CHANNELS, Dense3Djl.IN_SIDE, Dense3Djl.IN_SIDE));
                    net.load(ParamFile.read(Path.of(a.get("init"))));
                    double[] acc0 = accuracy(trainer, data, dev);
                    System.out.printf(Locale.ROOT, "epoch 0 (published weights): held-out accuracy %.4f (mirror-averaged %.4f)%n",
                            acc0[0], acc0[1]);
                    EpochPicker picker = new EpochPicker(out, run.minutes(), net::save, acc0[0]);
                    SplittableRandom rnd = new SplittableRandom(run.seed());
                    float[] x = new float[run.batch() * TrunkCache.PER];
                    float[] w = new float[run.batch()];
                    float[] yv = new float[run.batch()];
                    for (int epoch = 1; epoch <= run.epochs(); epoch++) {
                        long te = System.nanoTime();
                        int[] order = FerFineTune.epochOrder(fit, rnd);
                        double lossSum = 0;
                        int batches = 0;
                        for (int b0 = 0; b0 + run.batch() <= order.length; b0 += run.batch()) {
                            for (int i = 0; i < run.batch(); i++) {
                                int img = order[b0 + i];
                                data.read(img, rnd.nextBoolean(), x, i * TrunkCache.PER);
                                yv[i] = data.y()[img];
                                w[i] = classWeight[data.y()[img]];
                            }
                            try (NDManager m = trainer.getManager().newSubManager()) {
                                NDArray xa = m.create(x, new Shape(run.batch(), Dense3Djl.IN_CHANNELS, Dense3Djl.IN_SIDE, Dense3Djl.IN_SIDE));
                                NDArray ya = m.create(yv, new Shape(run.batch()));
                                NDArray wa = m.create(w, new Shape(run.batch()));
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDArray logits = trainer.forward(new NDList(xa)).singletonOrThrow();
                                    NDArray nll = logits.logSoftmax(1).mul(ya.oneHot(CLASSES)).sum(new int[] {1}).neg();
                                    NDArray loss = nll.mul(wa).sum().div(wa.sum());
                                    lossSum += loss.getFloat();
                                    gc.backward(loss);
                                }
                                trainer.step();
                            }
                            batches++;
                            if (batches % 100 == 0) {
                                System.out.printf(Locale.ROOT, "  epoch %d: %d batches, loss %.4f, %.0f s%n", epoch, batches,
                                        lossSum / batches, (System.nanoTime() - te) / 1e9);
                            }
                        }
                        double[] acc = accuracy(trainer, data, dev);
                        double secs = (System.nanoTime() - te) / 1e9;
                        if (picker.epochDone(epoch, run.epochs(), lossSum / batches, acc, false, secs)) {
                            break;
                        }
                    }
                    picker.finish("held-out accuracy");
                }
            }
        }
    }

    /** Held-out accuracy: plain faces, and with the probabilities averaged over the face and its mirror. */
    static double[] accuracy(Trainer trainer, TrunkCache data, int[] idx) {
        int[] correct = new int[2];
        int bs = 128;
        float[] x = new float[2 * bs * TrunkCache.PER];
        for (int b0 = 0; b0 < idx.length; b0 += bs) {
            int n = Math.min(bs, idx.length - b0);
            for (int i = 0; i < n; i++) {
                data.read(idx[b0 + i], false, x, i * TrunkCache.PER);
                data.read(idx[b0 + i], true, x, (n + i) * TrunkCache.PER);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(Arrays.copyOf(x, 2 * n * TrunkCache.PER),
                        new Shape(2L * n, Dense3Djl.IN_CHANNELS, Dense3Djl.IN_SIDE, Dense3Djl.IN_SIDE));
                float[] p = trainer.evaluate(new NDList(xa)).singletonOrThrow().softmax(1).toFloatArray();
                int first = b0;
                EpochPicker.countHits(p, n, CLASSES, i -> data.y()[idx[first + i]], correct);
            }
        }
        return new double[] {(double) correct[0] / idx.length, (double) correct[1] / idx.length};
    }

    /**
     * Stratified split that keeps pixel-identical images together: groups (by pixel hash) are
     * shuffled with the seed and each goes to the held-out side while its first image's class has
     * fewer than {@code fraction} of its images there.
     */
    static int[][] groupSplit(int[] y, long[] hash, int classes, double fraction, long seed) {
        Map<Long, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) {
            groups.computeIfAbsent(hash[i], h -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> list = new ArrayList<>(groups.values());
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            List<Integer> t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        int[] total = new int[classes];
        for (int v : y) {
            total[v]++;
        }
        int[] held = new int[classes];
        List<Integer> fit = new ArrayList<>();
        List<Integer> dev = new ArrayList<>();
        for (List<Integer> g : list) {
            int c = y[g.get(0)];
            if (held[c] < Math.round(total[c] * fraction)) {
                dev.addAll(g);
                for (int i : g) {
                    held[y[i]]++;
                }
            } else {
                fit.addAll(g);
            }
        }
        return new int[][] {fit.stream().mapToInt(Integer::intValue).sorted().toArray(),
                dev.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    static float[] classWeights(int[] y, int[] fit, String how) {
        int[] count = new int[CLASSES];
        for (int i : fit) {
            count[y[i]]++;
        }
        float[] w = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            double inv = (double) fit.length / (CLASSES * Math.max(1, count[c]));
            w[c] = (float) switch (how) {
                case "none" -> 1.0;
                case "sqrt" -> Math.sqrt(inv);
                case "inverse" -> inv;
                default -> throw new IllegalArgumentException("--class-weight none, sqrt or inverse, not " + how);
            };
        }
        return w;
    }
}
