package io.github.emotion4j.programs.vision.fer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Fine-tunes mini-Xception on FER2013 train with DJL (PyTorch engine, CPU): the network re-built in
 * DJL blocks ({@link MiniXceptionDjl}) starts from the converted human@3.3.6 weights (a parameter
 * file from {@code convert.py --dump-weights}); Adam on softmax cross-entropy; every epoch sees each
 * training image once with a random flip, rotation, scale, shift and brightness/contrast change
 * ({@link Augment}). A stratified part of train is held out (the inner split): its accuracy after
 * every epoch picks the epoch; FER2013 validation is not read here. Each epoch's weights are
 * written as a parameter file; {@code best.e4jp} is the one picked.
 *
 * <p>{@code FerFineTune --train <fer2013/train> --init <file.e4jp> --out <dir> [--cache <file>]
 * [--epochs 6] [--epoch-size n] [--lr 1e-4] [--batch 64] [--holdout 0.1] [--minutes 40] [--seed 1]
 * [--freeze conv1,conv2] [--no-augment]}
 * <br>{@code --epoch-size}: images per epoch, drawn afresh from the fitting part each epoch (default
 * all of it); {@code --freeze}: parameter prefixes left as they are (their backward pass is not
 * computed). The time budget stops training after the epoch that would exceed it.
 */
public final class FerFineTune {
    /** Label order of mini-Xception (and the FER2013 folder names). */
    public static final List<String> LABELS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    static final int SIDE = 64;

    private FerFineTune() {
    }

    public static void main(String[] args) throws Exception {
        Path train = null;
        Path init = null;
        Path out = null;
        Path cache = null;
        int epochs = 6;
        double lr = 1e-4;
        int batch = 64;
        double holdout = 0.1;
        double minutes = 40;
        long seed = 1;
        boolean augment = true;
        int epochSize = 0;
        List<String> freeze = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--train" -> train = Path.of(args[++i]);
                case "--init" -> init = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--holdout" -> holdout = Double.parseDouble(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--no-augment" -> augment = false;
                case "--epoch-size" -> epochSize = Integer.parseInt(args[++i]);
                case "--freeze" -> freeze = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (train == null || init == null || out == null) {
            System.err.println("usage: FerFineTune --train <fer2013/train> --init <file.e4jp> --out <dir> [--cache <file>] "
                    + "[--epochs n] [--lr x] [--batch n] [--holdout f] [--minutes m] [--seed n] [--no-augment]");
            System.exit(2);
        }
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        FaceCache data = FaceCache.load(train, LABELS,
                cache != null ? cache : out.resolve("fer2013-train.e4jf"));
        System.out.printf(Locale.ROOT, "data: %d images %dx%d (%.1f s)%n", data.size(), data.side(), data.side(),
                (System.nanoTime() - t0) / 1e9);
        int[][] split = split(data.y(), LABELS.size(), holdout, seed);
        int[] fit = split[0];
        int[] dev = split[1];
        System.out.printf(Locale.ROOT, "inner split: %d fit, %d held out (stratified, seed %d)%n", fit.length, dev.length, seed);
        Augment.Ranges ranges = augment ? Augment.Ranges.DEFAULT : Augment.Ranges.NONE;

        Engine engine = PyTorchEngine.engine();
        engine.setRandomSeed((int) seed);
        MiniXceptionDjl net = new MiniXceptionDjl();
        try (Model model = Model.newInstance("mini-xception", Device.cpu(), engine.getEngineName())) {
            model.setBlock(net.block);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(1, 1, SIDE, SIDE));
                net.load(ParamFile.read(init));
                for (String prefix : freeze) {
                    net.freeze(prefix.strip());
                }
                double acc0 = accuracy(trainer, data, dev);
                System.out.printf(Locale.ROOT, "epoch 0 (start weights): held-out accuracy %.4f%n", acc0);
                EpochPicker picker = new EpochPicker(out, minutes, net::save, acc0);
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    long te = System.nanoTime();
                    int[] order = epochOrder(fit, rnd);
                    if (epochSize > 0 && epochSize < order.length) {
                        order = java.util.Arrays.copyOf(order, epochSize);
                    }
                    double lossSum = 0;
                    int batches = 0;
                    float[] x = new float[batch * SIDE * SIDE];
                    float[] y = new float[batch];
                    for (int b0 = 0; b0 + batch <= order.length; b0 += batch) {
                        for (int i = 0; i < batch; i++) {
                            int img = order[b0 + i];
                            Augment.sample(data.pixels(), img, data.side(), SIDE, x, i * SIDE * SIDE, ranges, augment ? rnd : null);
                            y[i] = data.y()[img];
                        }
                        lossSum += EpochPicker.step(trainer, x, new Shape(batch, 1, SIDE, SIDE), y);
                        batches++;
                        if (batches % 20 == 0) {
                            System.out.printf(Locale.ROOT, "  epoch %d: %d batches, loss %.4f, %.0f s%n", epoch, batches,
                                    lossSum / batches, (System.nanoTime() - te) / 1e9);
                        }
                    }
                    double acc = accuracy(trainer, data, dev);
                    double secs = (System.nanoTime() - te) / 1e9;
                    if (picker.epochDone(epoch, epochs, acc, String.format(Locale.ROOT,
                            "epoch %d: train loss %.4f, held-out accuracy %.4f, %.0f s", epoch, lossSum / batches, acc, secs), secs)) {
                        break;
                    }
                }
                picker.finish("held-out accuracy");
            }
        }
    }

    /** Held-out accuracy (no augmentation, inference mode). */
    static double accuracy(Trainer trainer, FaceCache data, int[] idx) {
        int correct = 0;
        int bs = 256;
        float[] x = new float[bs * SIDE * SIDE];
        for (int b0 = 0; b0 < idx.length; b0 += bs) {
            int n = Math.min(bs, idx.length - b0);
            for (int i = 0; i < n; i++) {
                Augment.sample(data.pixels(), idx[b0 + i], data.side(), SIDE, x, i * SIDE * SIDE, Augment.Ranges.NONE, null);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(java.util.Arrays.copyOf(x, n * SIDE * SIDE), new Shape(n, 1, SIDE, SIDE));
                long[] p = trainer.evaluate(new NDList(xa)).singletonOrThrow().argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    if (p[i] == data.y()[idx[b0 + i]]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / idx.length;
    }

    /** Stratified split: every {@code round(1 / fraction)}-th image of each class (after a seeded shuffle) is held out. */
    static int[][] split(int[] y, int classes, double fraction, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED);
        List<Integer> fit = new ArrayList<>();
        List<Integer> dev = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    members.add(i);
                }
            }
            int[] m = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(m, rnd);
            int held = (int) Math.round(m.length * fraction);
            for (int i = 0; i < m.length; i++) {
                (i < held ? dev : fit).add(m[i]);
            }
        }
        return new int[][] {fit.stream().mapToInt(Integer::intValue).sorted().toArray(),
                dev.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    /** A shuffled copy of {@code fit}: one epoch's order. */
    static int[] epochOrder(int[] fit, SplittableRandom rnd) {
        int[] order = fit.clone();
        shuffle(order, rnd);
        return order;
    }

    static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
