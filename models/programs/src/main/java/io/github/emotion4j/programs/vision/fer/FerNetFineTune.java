package io.github.emotion4j.programs.vision.fer;

import ai.djl.Device;
import ai.djl.Model;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fine-tunes every layer of face-expression-net (face-api.js FaceExpressionNet,
 * {@link FaceExpressionNetDjl}) on FER2013 train with DJL (PyTorch engine, CPU), from the published
 * weights (a parameter file of {@code finetune.py --whole --dump-weights}). Every epoch sees each
 * fitting image once through {@link Augment} (random flip, rotation, scale, shift, brightness and
 * contrast), resized to 112x112 as the library's preprocessor does and normalised
 * {@code (grey - mean) / 255} per channel; Adam on softmax cross-entropy.
 *
 * <p>Protocol: the same inner split as {@link FerDenseFineTune} (stratified, pixel-identical images
 * on one side; with the same seed the same images are held out). After every epoch the held-out
 * accuracy, plain and averaged with the mirror image (the library's default), is printed; the
 * mirror-averaged one picks the epoch ({@code best.e4jp}), so it is a selection figure. FER2013
 * validation and CK+ are not read here.
 *
 * <p>{@code FerNetFineTune --train <fer2013/train> --init <start.e4jp> --out <dir> [--cache <file>]
 * [--epochs 6] [--lr 2e-4] [--batch 64] [--holdout 0.1] [--seed 1] [--train-seed n] [--minutes 60] [--limit n]
 * [--augment true|false]}
 * <br>{@code --seed}: the inner split's (keep it when continuing a run from one of its epochs);
 * {@code --train-seed}: the orders and augmentations (default: {@code --seed}).
 * <br>{@code --limit}: batches per epoch at most (a quick timing run); the time budget stops
 * training after the epoch that would exceed it.
 */
public final class FerNetFineTune {
    private static final int SIDE = FaceExpressionNetDjl.SIDE;
    private static final int PLANE = SIDE * SIDE;

    private FerNetFineTune() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = FerArgs.parse(args, List.of("train", "init", "out", "cache", "epochs", "lr", "batch", "holdout", "seed", "minutes", "limit", "augment", "train-seed"));
        if (!a.containsKey("train") || !a.containsKey("init") || !a.containsKey("out")) {
            System.err.println("usage: FerNetFineTune --train <fer2013/train> --init <start.e4jp> --out <dir> [--cache file] "
                    + "[--epochs n] [--lr x] [--batch n] [--holdout f] [--seed n] [--minutes m] [--limit batches]");
            System.exit(2);
        }
        FerArgs.Run run = FerArgs.run(a, 6, "2e-4", 60);
        Path out = run.out();
        // the split's seed stays that of the run continued; a continued run draws other orders and augmentations
        long trainSeed = Long.parseLong(a.getOrDefault("train-seed", String.valueOf(run.seed())));
        int limit = Integer.parseInt(a.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
        boolean augment = Boolean.parseBoolean(a.getOrDefault("augment", "true"));

        long t0 = System.nanoTime();
        FaceCache data = FaceCache.load(Path.of(a.get("train")), FerDenseFineTune.FOLDERS,
                Path.of(a.getOrDefault("cache", out.resolve("fer2013-train.e4jf").toString())));
        int[] y = new int[data.size()];
        long[] hash = new long[data.size()];
        int s = data.side();
        for (int i = 0; i < y.length; i++) {
            y[i] = FerDenseFineTune.NET_INDEX[data.y()[i]];
            hash[i] = pixelHash(data.pixels(), i * s * s, s * s);
        }
        System.out.printf(Locale.ROOT, "data: %d images %dx%d (%.1f s)%n", data.size(), s, s, (System.nanoTime() - t0) / 1e9);
        int[][] split = FerDenseFineTune.groupSplit(y, hash, FerDenseFineTune.CLASSES, run.holdout(), run.seed());
        int[] fit = split[0];
        int[] dev = split[1];
        System.out.printf(Locale.ROOT, "inner split: %d fit, %d held out (stratified, pixel-identical images on one side, seed %d)%n",
                fit.length, dev.length, run.seed());

        ai.djl.engine.Engine engine = PyTorchEngine.engine();
        engine.setRandomSeed((int) trainSeed);
        FaceExpressionNetDjl net = new FaceExpressionNetDjl();
        try (Model model = Model.newInstance("face-expression-net", Device.cpu(), engine.getEngineName())) {
            model.setBlock(net);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) run.lr())).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(1, 3, SIDE, SIDE));
                net.load(ParamFile.read(Path.of(a.get("init"))));
                double[] acc0 = accuracy(trainer, data, y, dev);
                System.out.printf(Locale.ROOT, "epoch 0 (published weights): held-out accuracy %.4f (mirror-averaged %.4f)%n",
                        acc0[0], acc0[1]);
                EpochPicker picker = new EpochPicker(out, run.minutes(), net::save, acc0[1]);
                SplittableRandom rnd = new SplittableRandom(trainSeed);
                float[] grey = new float[PLANE];
                float[] x = new float[run.batch() * 3 * PLANE];
                float[] yv = new float[run.batch()];
                for (int epoch = 1; epoch <= run.epochs(); epoch++) {
                    long te = System.nanoTime();
                    int[] order = FerFineTune.epochOrder(fit, rnd);
                    double lossSum = 0;
                    int batches = 0;
                    for (int b0 = 0; b0 + run.batch() <= order.length && batches < limit; b0 += run.batch()) {
                        for (int i = 0; i < run.batch(); i++) {
                            int img = order[b0 + i];
                            Augment.sample(data.pixels(), img, s, SIDE, grey, 0, augment ? Augment.Ranges.DEFAULT : Augment.Ranges.NONE,
                                    augment ? rnd : null);
                            toInput(grey, false, x, i * 3 * PLANE);
                            yv[i] = y[img];
                        }
                        lossSum += EpochPicker.step(trainer, x, new Shape(run.batch(), 3, SIDE, SIDE), yv);
                        batches++;
                        if (batches % 50 == 0) {
                            System.out.printf(Locale.ROOT, "  epoch %d: %d batches, loss %.4f, %.0f s%n", epoch, batches,
                                    lossSum / batches, (System.nanoTime() - te) / 1e9);
                        }
                    }
                    double[] acc = accuracy(trainer, data, y, dev);
                    double secs = (System.nanoTime() - te) / 1e9;
                    if (picker.epochDone(epoch, run.epochs(), lossSum / batches, acc, true, secs)) {
                        break;
                    }
                }
                picker.finish("held-out mirror-averaged accuracy");
            }
        }
    }

    /**
     * One network input from a sampled grey plane ({@code 2g - 1}, as {@link Augment} writes it): the
     * grey repeated on three channels, {@code (255 g - mean) / 255}; {@code mirror} flips it left to right.
     */
    static void toInput(float[] grey, boolean mirror, float[] dst, int off) {
        for (int c = 0; c < 3; c++) {
            float m = (float) (TrunkCache.MEAN[c] / 255);
            int o = off + c * PLANE;
            for (int r = 0; r < SIDE; r++) {
                for (int q = 0; q < SIDE; q++) {
                    float g = (grey[r * SIDE + (mirror ? SIDE - 1 - q : q)] + 1) * 0.5f;
                    dst[o + r * SIDE + q] = g - m;
                }
            }
        }
    }

    /** Held-out accuracy: plain faces, and with the probabilities averaged over the face and its mirror. */
    static double[] accuracy(Trainer trainer, FaceCache data, int[] y, int[] idx) {
        int[] correct = new int[2];
        int bs = 64;
        int s = data.side();
        float[] grey = new float[PLANE];
        float[] x = new float[2 * bs * 3 * PLANE];
        for (int b0 = 0; b0 < idx.length; b0 += bs) {
            int n = Math.min(bs, idx.length - b0);
            for (int i = 0; i < n; i++) {
                Augment.sample(data.pixels(), idx[b0 + i], s, SIDE, grey, 0, Augment.Ranges.NONE, null);
                toInput(grey, false, x, i * 3 * PLANE);
                toInput(grey, true, x, (n + i) * 3 * PLANE);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(Arrays.copyOf(x, 2 * n * 3 * PLANE), new Shape(2L * n, 3, SIDE, SIDE));
                float[] p = trainer.evaluate(new NDList(xa)).singletonOrThrow().softmax(1).toFloatArray();
                int first = b0;
                EpochPicker.countHits(p, n, FerDenseFineTune.CLASSES, i -> y[idx[first + i]], correct);
            }
        }
        return new double[] {(double) correct[0] / idx.length, (double) correct[1] / idx.length};
    }

    /** FNV-1a over an image's grey values: equal exactly for pixel-identical images. */
    static long pixelHash(float[] px, int off, int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            h = (h ^ Float.floatToIntBits(px[off + i])) * 0x100000001b3L;
        }
        return h;
    }
}
