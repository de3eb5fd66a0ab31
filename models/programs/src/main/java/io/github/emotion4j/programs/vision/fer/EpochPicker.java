package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the FER2013 fine-tunes ({@link FerFineTune}, {@link FerDenseFineTune}, {@link FerNetFineTune})
 * share around their epochs: the held-out figure of each epoch picks the epoch, every epoch's
 * parameters are written ({@code epochN.e4jp}) and the best so far as {@code best.e4jp} (the start
 * weights count as epoch 0), and a time budget ends training after the epoch that would exceed it.
 * Also the plain training step and the count of correct plain and mirror-averaged predictions.
 */
final class EpochPicker {
    private final Path out;
    private final double minutes;
    private final Supplier<Map<String, ParamFile.Tensor>> params;
    private final long start = System.nanoTime();
    private double best;
    private int bestEpoch;

    /**
     * @param out     the output folder
     * @param minutes the time budget
     * @param params  the network's current parameters
     * @param start   the start weights' held-out figure (epoch 0); they are written as {@code best.e4jp}
     */
    EpochPicker(Path out, double minutes, Supplier<Map<String, ParamFile.Tensor>> params, double start) throws IOException {
        this.out = out;
        this.minutes = minutes;
        this.params = params;
        this.best = start;
        ParamFile.write(out.resolve("best.e4jp"), params.get());
    }

    /**
     * Records an epoch: writes its parameters (and {@code best.e4jp} when {@code score} beats every
     * earlier epoch), prints {@code line} with " (best)" appended then, and returns whether training
     * should stop (the budget reached) before epoch {@code epoch + 1} of {@code epochs}.
     *
     * @param seconds how long this epoch took
     */
    boolean epochDone(int epoch, int epochs, double score, String line, double seconds) throws IOException {
        Map<String, ParamFile.Tensor> now = params.get();
        ParamFile.write(out.resolve("epoch" + epoch + ".e4jp"), now);
        String mark = "";
        if (score > best) {
            best = score;
            bestEpoch = epoch;
            ParamFile.write(out.resolve("best.e4jp"), now);
            mark = "  (best)";
        }
        System.out.println(line + mark);
        double elapsed = (System.nanoTime() - start) / 60e9;
        if (elapsed + seconds / 60 > minutes && epoch < epochs) {
            System.out.printf(Locale.ROOT, "time budget of %.0f min reached after epoch %d%n", minutes, epoch);
            return true;
        }
        return false;
    }

    /**
     * {@link #epochDone} for a program that measures plain and mirror-averaged held-out accuracy
     * ({@code acc[0]}, {@code acc[1]}); {@code mirror} says which of the two picks the epoch.
     */
    boolean epochDone(int epoch, int epochs, double trainLoss, double[] acc, boolean mirror, double seconds) throws IOException {
        return epochDone(epoch, epochs, acc[mirror ? 1 : 0], String.format(Locale.ROOT,
                "epoch %d: train loss %.4f, held-out accuracy %.4f (mirror-averaged %.4f), %.0f s",
                epoch, trainLoss, acc[0], acc[1], seconds), seconds);
    }

    /** Prints the picked epoch: {@code picked epoch N (<what> X); training took M min}. */
    void finish(String what) {
        System.out.printf(Locale.ROOT, "picked epoch %d (%s %.4f); training took %.1f min%n", bestEpoch, what, best,
                (System.nanoTime() - start) / 60e9);
    }

    /** One step of Adam on the trainer's loss for a batch {@code x} of {@code shape} with labels {@code y}; the loss. */
    static float step(Trainer trainer, float[] x, Shape shape, float[] y) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray xa = m.create(x, shape);
            NDArray ya = m.create(y, new Shape(y.length));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(xa));
                NDArray l = trainer.getLoss().evaluate(new NDList(ya), pred);
                loss = l.getFloat();
                gc.backward(l);
            }
            trainer.step();
            return loss;
        }
    }

    /**
     * Adds to {@code correct} the plain ({@code [0]}) and mirror-averaged ({@code [1]}) hits of a
     * batch whose probabilities {@code p} hold {@code n} faces and then their {@code n} mirror images.
     *
     * @param truth the class of face {@code i} of the batch, by {@code i}
     */
    static void countHits(float[] p, int n, int classes, java.util.function.IntUnaryOperator truth, int[] correct) {
        for (int i = 0; i < n; i++) {
            int k = 0;
            int km = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i * classes + c] > p[i * classes + k]) {
                    k = c;
                }
                if (p[i * classes + c] + p[(n + i) * classes + c] > p[i * classes + km] + p[(n + i) * classes + km]) {
                    km = c;
                }
            }
            int t = truth.applyAsInt(i);
            correct[0] += k == t ? 1 : 0;
            correct[1] += km == t ? 1 : 0;
        }
    }
}
