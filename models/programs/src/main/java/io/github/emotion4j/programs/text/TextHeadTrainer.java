package io.github.emotion4j.programs.text;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.core.head.DenseHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains one text head (embedding MLP plus word-piece lexicon, logits summed) with DJL's
 * {@code Trainer} and Adam, and exports it as {@link DenseHead} layers; also the small array
 * helpers (standardising, subsets, seeded permutations) the training uses. Part of
 * {@link TrainTextHeads}.
 */
final class TextHeadTrainer {
    private TextHeadTrainer() {
    }

    record Trained(List<DenseHead.Layer> layers, DenseHead.Layer lexicon, int epochs) {
    }

    interface Score {
        double of(float[][] logits);
    }

    /**
     * Trains embedding MLP + lexicon (a linear layer over the bag of word pieces), their logits
     * summed, with DJL's Trainer; keeps the epoch with the best held-out score.
     */
    static Trained train(String name, float[][] x, int[][] lex, int vocab, float[][] y, int[] fitIdx, int[] valIdx,
                         boolean multiLabel, Score score, StringBuilder log) {
        return train(name, x, lex, vocab, y, fitIdx, valIdx, multiLabel, score, log, TrainTextHeads.SEED);
    }

    /** As above with another seed (initialisation, dropout and batch order). */
    static Trained train(String name, float[][] x, int[][] lex, int vocab, float[][] y, int[] fitIdx, int[] valIdx,
                         boolean multiLabel, Score score, StringBuilder log, long seed) {
        int dim = x[0].length;
        int classes = y[0].length;
        io.github.emotion4j.engine.pytorch.PyTorchEngine.engine().setRandomSeed((int) seed);
        try (Model model = Model.newInstance(name, ai.djl.Device.cpu(), "PyTorch")) {
            SequentialBlock mlp = new SequentialBlock()
                    .add(new LambdaBlock(l -> new NDList(l.get(0))))
                    .add(Linear.builder().setUnits(TrainTextHeads.HIDDEN).build())
                    .add(Activation::relu)
                    .add(Dropout.builder().optRate(TrainTextHeads.DROPOUT).build())
                    .add(Linear.builder().setUnits(classes).build());
            SequentialBlock lexicon = new SequentialBlock()
                    .add(new LambdaBlock(l -> new NDList(l.get(1))))
                    .add(Linear.builder().setUnits(classes).build());
            ParallelBlock net = new ParallelBlock(outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                    List.of(mlp, lexicon));
            model.setBlock(net);
            Loss loss = multiLabel ? Loss.sigmoidBinaryCrossEntropyLoss()
                    : new SoftmaxCrossEntropyLoss("soft-ce", 1f, -1, false, true);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(TrainTextHeads.LR)).optWeightDecays(1e-5f).build())
                    .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()});
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, dim), new Shape(1, vocab));
                NDManager manager = trainer.getManager();
                Random rnd = new Random(seed + 1);
                double best = -1;
                int bestEpoch = 0;
                Trained bestTrained = export(net, 0);
                for (int epoch = 1; epoch <= TrainTextHeads.MAX_EPOCHS; epoch++) {
                    long te = System.nanoTime();
                    int[] order = fitIdx.clone();
                    shuffle(order, rnd);
                    double lossSum = 0;
                    int batches = 0;
                    for (int from = 0; from < order.length; from += TrainTextHeads.BATCH) {
                        int bs = Math.min(TrainTextHeads.BATCH, order.length - from);
                        float[] xb = new float[bs * dim];
                        float[] lb = new float[bs * vocab];
                        float[] yb = new float[bs * classes];
                        for (int j = 0; j < bs; j++) {
                            int r = order[from + j];
                            System.arraycopy(x[r], 0, xb, j * dim, dim);
                            for (int id : lex[r]) {
                                lb[j * vocab + id] = 1f;
                            }
                            System.arraycopy(y[r], 0, yb, j * classes, classes);
                        }
                        try (NDManager sub = manager.newSubManager()) {
                            NDArray xa = sub.create(xb, new Shape(bs, dim));
                            NDArray la = sub.create(lb, new Shape(bs, vocab));
                            NDArray ya = sub.create(yb, new Shape(bs, classes));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray pred = trainer.forward(new NDList(xa, la)).singletonOrThrow();
                                NDArray l = loss.evaluate(new NDList(ya), new NDList(pred));
                                // extra L2 on the lexicon weights (many rare word pieces)
                                NDArray lw = lexicon.getChildren().get(1).getValue().getParameters().get("weight").getArray();
                                NDArray total = l.add(lw.square().sum().mul(TrainTextHeads.LEXICON_DECAY));
                                lossSum += l.getFloat();
                                gc.backward(total);
                            }
                            trainer.step();
                        }
                        batches++;
                    }
                    Trained t = export(net, epoch);
                    double s = score.of(forward(t, x, lex, valIdx));
                    String line = String.format(Locale.ROOT, "%s epoch %d loss %.4f held-out macroF1 %.4f (%.1f s)%n", name, epoch,
                            lossSum / batches, s, (System.nanoTime() - te) / 1e9);
                    log.append(line);
                    System.out.print(line);
                    if (s > best) {
                        best = s;
                        bestEpoch = epoch;
                        bestTrained = t;
                    } else if (epoch - bestEpoch >= TrainTextHeads.PATIENCE) {
                        break;
                    }
                }
                log.append(name).append(" best epoch ").append(bestEpoch).append(" held-out ").append(best).append('\n');
                return new Trained(new ArrayList<>(bestTrained.layers), bestTrained.lexicon, bestEpoch);
            }
        }
    }

    static Trained export(ParallelBlock net, int epoch) {
        List<DenseHead.Layer> mlp = linears((SequentialBlock) net.getChildren().get(0).getValue());
        List<DenseHead.Layer> lex = linears((SequentialBlock) net.getChildren().get(1).getValue());
        return new Trained(mlp, lex.get(0), epoch);
    }

    /**
     * One head whose logits are exactly the mean of the members' logits: the hidden layers side by
     * side (one wider ReLU layer), the output weights divided by the number of members, the biases
     * and the (linear) lexicons averaged. Members must be two-layer heads over the same inputs.
     */
    static Trained merge(List<Trained> members) {
        int n = members.size();
        if (n == 1) {
            return members.get(0);
        }
        DenseHead.Layer h0 = members.get(0).layers().get(0);
        DenseHead.Layer o0 = members.get(0).layers().get(1);
        int hidden = h0.out();
        float[][] w1 = new float[hidden * n][];
        float[] b1 = new float[hidden * n];
        float[][] w2 = new float[o0.out()][hidden * n];
        float[] b2 = new float[o0.out()];
        DenseHead.Layer l0 = members.get(0).lexicon();
        float[][] lw = new float[l0.out()][l0.in()];
        float[] lb = new float[l0.out()];
        int epochs = 0;
        for (int m = 0; m < n; m++) {
            Trained t = members.get(m);
            DenseHead.Layer h = t.layers().get(0);
            DenseHead.Layer o = t.layers().get(1);
            for (int j = 0; j < hidden; j++) {
                w1[m * hidden + j] = h.weights()[j];
                b1[m * hidden + j] = h.bias()[j];
            }
            for (int c = 0; c < o.out(); c++) {
                for (int j = 0; j < hidden; j++) {
                    w2[c][m * hidden + j] = o.weights()[c][j] / n;
                }
                b2[c] += o.bias()[c] / n;
            }
            DenseHead.Layer l = t.lexicon();
            for (int c = 0; c < l.out(); c++) {
                for (int k = 0; k < l.in(); k++) {
                    lw[c][k] += l.weights()[c][k] / n;
                }
                lb[c] += l.bias()[c] / n;
            }
            epochs += t.epochs();
        }
        List<DenseHead.Layer> layers = new ArrayList<>();
        layers.add(new DenseHead.Layer(w1, b1, h0.activation()));
        layers.add(new DenseHead.Layer(w2, b2, o0.activation()));
        return new Trained(layers, new DenseHead.Layer(lw, lb, l0.activation()), Math.round((float) epochs / n));
    }

    static float[] logits(DenseHead head, DenseHead lexicon, float[] x, int[] ids) {
        float[] l = head.forward(x);
        DenseHead.Layer layer = lexicon.layers().get(0);
        for (int c = 0; c < l.length; c++) {
            l[c] += layer.bias()[c];
            for (int id : ids) {
                l[c] += layer.weights()[c][id];
            }
        }
        return l;
    }

    static float[][] forward(Trained t, float[][] x, int[][] lex, int[] idx) {
        DenseHead h = new DenseHead(null, null, t.layers);
        DenseHead l = new DenseHead(null, null, List.of(t.lexicon));
        float[][] out = new float[idx.length][];
        for (int j = 0; j < idx.length; j++) {
            out[j] = logits(h, l, x[idx[j]], lex[idx[j]]);
        }
        return out;
    }

    /** The Linear layers of a block as DenseHead layers (ReLU after all but the last). */
    static List<DenseHead.Layer> linears(SequentialBlock net) {
        List<DenseHead.Layer> layers = new ArrayList<>();
        List<Block> linears = new ArrayList<>();
        for (var child : net.getChildren()) {
            if (child.getValue() instanceof Linear) {
                linears.add(child.getValue());
            }
        }
        for (int i = 0; i < linears.size(); i++) {
            Block b = linears.get(i);
            NDArray w = b.getParameters().get("weight").getArray();
            NDArray bias = b.getParameters().get("bias").getArray();
            long[] shape = w.getShape().getShape();
            float[] flat = w.toFloatArray();
            float[][] rows = new float[(int) shape[0]][(int) shape[1]];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(flat, r * rows[r].length, rows[r], 0, rows[r].length);
            }
            layers.add(new DenseHead.Layer(rows, bias.toFloatArray(),
                    i < linears.size() - 1 ? DenseHead.Activation.RELU : DenseHead.Activation.NONE));
        }
        return layers;
    }

    static DenseHead.Layer withBiasOffsets(DenseHead.Layer l, float[] offsets) {
        float[] b = l.bias().clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += offsets[i];
        }
        return new DenseHead.Layer(l.weights(), b, l.activation());
    }

    static float[][] standardize(float[][] x, float[] mean, float[] std) {
        float[][] z = new float[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < mean.length; k++) {
                z[i][k] = (x[i][k] - mean[k]) / std[k];
            }
        }
        return z;
    }

    static float[][] subset(float[][] y, int[] idx) {
        float[][] s = new float[idx.length][];
        for (int j = 0; j < idx.length; j++) {
            s[j] = y[idx[j]];
        }
        return s;
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rnd);
        return p;
    }

    static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
