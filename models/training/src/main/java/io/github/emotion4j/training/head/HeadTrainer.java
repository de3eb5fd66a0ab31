package io.github.emotion4j.training.head;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a small classification head with DJL on the PyTorch engine (CPU, through
 * {@link PyTorchEngine#engine()}: one libtorch thread unless set, offline; DJL's {@code Trainer}
 * with its Adam optimiser and weight decay) and exports it as a
 * {@link DenseHead} (input standardisation inside the head), so inference needs no DJL. Several
 * members trained with different seeds are packed into one wider head whose output is the
 * mean of their logits (block-diagonal hidden layer), which a {@code DenseHead} evaluates
 * exactly. Deterministic for a given seed. Not thread-safe (DJL's random seed is global).
 */
public final class HeadTrainer {
    private HeadTrainer() {
    }

    /**
     * Training settings.
     *
     * @param hidden       hidden units per member (0 = multinomial logistic regression)
     * @param dropout      dropout on the input and hidden layer while training
     * @param weightDecay  L2 weight decay (Adam)
     * @param learningRate Adam learning rate
     * @param epochs       passes over the data
     * @param batchSize    mini-batch size
     * @param members      ensemble members packed into the head
     * @param seed         random seed
     */
    public record Config(int hidden, double dropout, double weightDecay, double learningRate, int epochs, int batchSize,
                         int members, int seed) {
        /** Checks the components and copies the mutable ones. */
        public Config {
            if (hidden < 0 || epochs < 1 || batchSize < 1 || members < 1 || dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("bad training settings: " + this);
            }
        }
    }

    /** Standardisation statistics of a training set. */
    static float[][] meanStd(float[][] x) {
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (float[] r : x) {
                s += r[j];
            }
            double m = s / x.length;
            double v = 0;
            for (float[] r : x) {
                v += (r[j] - m) * (r[j] - m);
            }
            mean[j] = (float) m;
            double sd = Math.sqrt(v / x.length);
            std[j] = (float) (sd < 1e-8 ? 1 : sd);
        }
        return new float[][] {mean, std};
    }

    /**
     * Trains a head.
     *
     * @param x       training vectors (raw features; standardised inside)
     * @param y       class indices
     * @param classes number of classes
     * @param cfg     settings
     * @return the packed ensemble head, inputs standardised inside it
     * @throws IllegalArgumentException when there are no vectors or not one label per vector
     */
    public static DenseHead train(float[][] x, int[] y, int classes, Config cfg) {
        return train(x, y, classes, cfg, cfg != null && cfg.hidden() > 0);
    }

    /**
     * Trains a head; {@code trainerStep} chooses how each step's update is applied: through DJL's
     * {@code Trainer.step()} (used with a hidden layer) or by handing every parameter's gradient to the
     * same optimiser here ({@link #step}: the same arithmetic as DJL's local parameter server). Without a
     * hidden layer all parameters belong to the softmax layer, whose gradients sum to zero over the
     * classes, so DJL 0.36's first-step check ("Gradient values are all zeros", a test of the sum of all
     * gradients) can refuse a correct step; the head then steps itself.
     */
    static DenseHead train(float[][] x, int[] y, int classes, Config cfg, boolean trainerStep) {
        Objects.requireNonNull(cfg, "cfg");
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need as many labels as vectors, and at least one");
        }
        float[][] ms = meanStd(x);
        float[][] z = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new float[x[i].length];
            for (int j = 0; j < z[i].length; j++) {
                z[i][j] = (x[i][j] - ms[0][j]) / ms[1][j];
            }
        }
        List<DenseHead> members = new ArrayList<>();
        for (int m = 0; m < cfg.members(); m++) {
            members.add(trainOne(z, y, classes, cfg, cfg.seed() + 7919 * m, trainerStep));
        }
        return pack(ms[0], ms[1], members);
    }

    private static DenseHead trainOne(float[][] z, int[] y, int classes, Config cfg, int seed, boolean trainerStep) {
        Engine engine = PyTorchEngine.engine();
        engine.setRandomSeed(seed);
        int d = z[0].length;
        SequentialBlock net = new SequentialBlock();
        if (cfg.dropout() > 0) {
            net.add(Dropout.builder().optRate((float) Math.min(0.2, cfg.dropout())).build());
        }
        if (cfg.hidden() > 0) {
            net.add(Linear.builder().setUnits(cfg.hidden()).build());
            net.add(Activation::relu);
            if (cfg.dropout() > 0) {
                net.add(Dropout.builder().optRate((float) cfg.dropout()).build());
            }
        }
        net.add(Linear.builder().setUnits(classes).build());
        try (Model model = Model.newInstance("head", Device.cpu(), engine.getEngineName())) {
            model.setBlock(net);
            Optimizer optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                    .optWeightDecays((float) cfg.weightDecay()).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                NDManager nd = trainer.getManager();
                float[] flat = new float[z.length * d];
                for (int i = 0; i < z.length; i++) {
                    System.arraycopy(z[i], 0, flat, i * d, d);
                }
                float[] labels = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    labels[i] = y[i];
                }
                NDArray data = nd.create(flat, new Shape(z.length, d));
                NDArray lab = nd.create(labels, new Shape(y.length));
                ArrayDataset ds = new ArrayDataset.Builder().setData(data).optLabels(lab)
                        .setSampling(cfg.batchSize(), true).build();
                trainer.initialize(new Shape(1, d));
                for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                    for (Batch b : trainer.iterateDataset(ds)) {
                        EasyTrain.trainBatch(trainer, b);
                        if (trainerStep) {
                            trainer.step();
                        } else {
                            step(net, optimizer);
                        }
                        b.close();
                    }
                }
                return export(net, cfg.hidden() > 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TranslateException e) {
                throw new IllegalStateException("training failed: " + e.getMessage(), e);
            }
        }
    }

    /** One optimiser step over every trainable parameter of {@code net}, as DJL's local parameter server does it. */
    private static void step(Block net, Optimizer optimizer) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter param = p.getValue();
            if (param.requiresGradient()) {
                NDArray w = param.getArray();
                try (NDArray g = w.getGradient().duplicate()) {
                    optimizer.update(param.getId(), w, g);
                }
            }
        }
    }

    private static DenseHead export(SequentialBlock net, boolean hidden) {
        List<float[][]> ws = new ArrayList<>();
        List<float[]> bs = new ArrayList<>();
        for (Block b : net.getChildren().values()) {
            if (b instanceof Linear l) {
                NDArray w = l.getParameters().get("weight").getArray();
                NDArray bias = l.getParameters().get("bias").getArray();
                long[] s = w.getShape().getShape();
                float[] flat = w.toFloatArray();
                float[][] m = new float[(int) s[0]][(int) s[1]];
                for (int o = 0; o < s[0]; o++) {
                    System.arraycopy(flat, (int) (o * s[1]), m[o], 0, (int) s[1]);
                }
                ws.add(m);
                bs.add(bias.toFloatArray());
            }
        }
        List<DenseHead.Layer> layers = new ArrayList<>();
        for (int k = 0; k < ws.size(); k++) {
            boolean last = k == ws.size() - 1;
            layers.add(new DenseHead.Layer(ws.get(k), bs.get(k), last ? DenseHead.Activation.NONE : DenseHead.Activation.RELU));
        }
        return new DenseHead(null, null, layers);
    }

    /** Packs members (each without normalisation) into one head averaging their logits. */
    static DenseHead pack(float[] mean, float[] std, List<DenseHead> members) {
        int k = members.size();
        DenseHead first = members.get(0);
        if (first.layers().size() == 1) {
            int out = first.outputSize();
            int in = first.inputSize();
            float[][] w = new float[out][in];
            float[] b = new float[out];
            for (DenseHead m : members) {
                DenseHead.Layer l = m.layers().get(0);
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        w[o][i] += l.weights()[o][i] / k;
                    }
                    b[o] += l.bias()[o] / k;
                }
            }
            return new DenseHead(mean, std, List.of(new DenseHead.Layer(w, b, DenseHead.Activation.NONE)));
        }
        int in = first.inputSize();
        int h = first.layers().get(0).out();
        int out = first.outputSize();
        float[][] w1 = new float[k * h][];
        float[] b1 = new float[k * h];
        float[][] w2 = new float[out][k * h];
        float[] b2 = new float[out];
        for (int m = 0; m < k; m++) {
            DenseHead.Layer l1 = members.get(m).layers().get(0);
            DenseHead.Layer l2 = members.get(m).layers().get(1);
            for (int j = 0; j < h; j++) {
                w1[m * h + j] = l1.weights()[j].clone();
                b1[m * h + j] = l1.bias()[j];
            }
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < h; j++) {
                    w2[o][m * h + j] = l2.weights()[o][j] / k;
                }
                b2[o] += l2.bias()[o] / k;
            }
        }
        if (w1[0].length != in) {
            throw new IllegalStateException("unexpected layer shape");
        }
        return new DenseHead(mean, std, List.of(new DenseHead.Layer(w1, b1, DenseHead.Activation.RELU),
                new DenseHead.Layer(w2, b2, DenseHead.Activation.NONE)));
    }
}
