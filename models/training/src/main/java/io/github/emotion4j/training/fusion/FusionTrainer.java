package io.github.emotion4j.training.fusion;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.engine.pytorch.PyTorchEngine;
import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.calibration.TemperatureScaling;
import io.github.emotion4j.fusion.TokenLayout;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.model.Weights;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsNet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains the attention and mixture-of-experts fusion networks with DJL on the PyTorch engine and
 * returns a {@link FusionModel} whose weights the plain-Java forward passes read.
 *
 * <p>What {@link #fit(List)} does, in order:
 * <ol>
 *   <li>splits the examples into training and validation by {@link FusionExample#group()} (whole
 *       speakers/subjects/comments go to one side), {@code validationFraction} of the groups to
 *       validation;</li>
 *   <li>when calibration is on, fits one temperature per modality on the validation split
 *       ({@link TemperatureScaling}) and applies it to every input, as inference does;</li>
 *   <li>trains with DJL's Adam ({@code Optimizer.adamW()} with the weight decay for the
 *       {@code .weight} matrices, {@code Optimizer.adam()} without decay for biases and the fusion
 *       token; DJL computes the forward pass, the gradients and the updates),
 *       mini-batches shuffled by the seed, and <em>modality dropout</em>: with probability
 *       {@code modalityDropout} an example is shown with a random non-empty subset of its
 *       modalities, so that every subset is handled;</li>
 *   <li>with embeddings ({@link Builder#embeddings(Map, int)}, layout {@code dist16+emb-v1}) also
 *       learns one linear projection per modality of its L2-normalised embedding, and with
 *       probability {@code embeddingDropout} shows a present modality without its embedding, so
 *       that distributions without embeddings (timeline segments) are handled;</li>
 *   <li>after each epoch measures the validation loss averaged over every non-empty subset of each
 *       validation example's modalities, keeps the best weights, and stops after {@code patience}
 *       epochs without improvement.</li>
 * </ol>
 * Parameters are initialised in Java from the seed, so two runs with the same seed, data and
 * settings give the same weights. A trainer is immutable; {@link #fit(List)} is thread-safe but
 * runs on the calling thread.
 */
public final class FusionTrainer {
    /** The two trainable architectures. */
    public enum Architecture {
        /** Multi-head attention over modality tokens, {@code AttentionNet}. */
        ATTENTION,
        /** Mixture of experts with a presence-aware gate, {@code MixtureOfExpertsNet}. */
        MOE;

        /** The card's architecture word. */
        public String word() {
            return this == ATTENTION ? "attention" : "moe";
        }
    }

    private static final int M = FusionInput.MODALITIES.size();
    private static final int F = FusionInput.TOKEN_FEATURES;

    private final Architecture architecture;
    private final String modelId;
    private final String version;
    private final List<Emotion> labels;
    private final int width;
    private final int heads;
    private final int hidden;
    private final int gateHidden;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double weightDecay;
    private final double validationFraction;
    private final int patience;
    private final long seed;
    private final double modalityDropout;
    private final boolean calibrate;
    private final int threads;
    private final Map<Modality, Double> fixedTemperatures;
    /** Embedding size per modality in token order, 0 for none. */
    private final int[] embeddingSizes;
    private final int projection;
    private final double embeddingDropout;

    private FusionTrainer(Builder b) {
        architecture = b.architecture;
        modelId = b.modelId != null ? b.modelId : "fusion-" + b.architecture.word();
        version = b.version;
        labels = b.labels;
        width = b.width;
        heads = b.heads;
        hidden = b.hidden;
        gateHidden = b.gateHidden;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        weightDecay = b.weightDecay;
        validationFraction = b.validationFraction;
        patience = b.patience;
        seed = b.seed;
        modalityDropout = b.modalityDropout;
        calibrate = b.calibrate;
        threads = b.threads;
        fixedTemperatures = b.temperatures;
        embeddingSizes = b.embeddingSizes.clone();
        projection = b.projection;
        embeddingDropout = b.embeddingDropout;
    }

    private boolean usesEmbeddings() {
        return projection > 0;
    }

    private int tokenWidth() {
        return F + projection;
    }

    /** A builder for an architecture. */
    public static Builder builder(Architecture architecture) {
        return new Builder(architecture);
    }

    /**
     * Trains on examples.
     *
     * @param examples at least two groups' worth of examples; their labels must be among the
     *                 output labels (default: the labels that occur, in canonical order)
     */
    public Result fit(List<FusionExample> examples) {
        Objects.requireNonNull(examples, "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        List<Emotion> classes = labels != null ? labels : occurring(examples);
        for (FusionExample e : examples) {
            if (!classes.contains(e.label())) {
                throw new IllegalArgumentException("example label " + e.label().word() + " is not an output label "
                        + classes);
            }
        }
        Random rnd = new Random(seed);
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(examples.stream().map(FusionExample::group).toList()));
        Collections.sort(groups);
        Collections.shuffle(groups, rnd);
        int nVal = (int) Math.round(groups.size() * validationFraction);
        if (validationFraction > 0 && (nVal < 1 || nVal >= groups.size())) {
            throw new IllegalArgumentException("cannot hold out " + validationFraction + " of " + groups.size()
                    + " groups for validation");
        }
        Set<String> valGroups = Set.copyOf(groups.subList(0, nVal));
        List<FusionExample> train = new ArrayList<>();
        List<FusionExample> val = new ArrayList<>();
        for (FusionExample e : examples) {
            (valGroups.contains(e.group()) ? val : train).add(e);
        }
        Map<Modality, TemperatureScaling.Fit> fits = calibrate && fixedTemperatures == null && !val.isEmpty()
                ? TemperatureScaling.fitPerModality(val) : Map.of();
        Map<Modality, Double> temps = fixedTemperatures != null ? fixedTemperatures : TemperatureScaling.temperatures(fits);

        Map<String, int[]> shapes = shapes(classes.size());
        Map<String, float[]> params = init(shapes, rnd);
        // matrices decay (decoupled, AdamW), biases, the fusion token and nothing else do not
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays((float) weightDecay).build();
        Optimizer plain = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays(0f).build();

        List<Batch.Row> trainRows = rows(train, temps, classes, embeddingSizes);
        Batch valBatch = val.isEmpty() ? null : Batch.of(allSubsets(rows(val, temps, classes, embeddingSizes)));
        Map<String, float[]> best = copy(params);
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        List<Double> trainLosses = new ArrayList<>();
        List<Double> valLosses = new ArrayList<>();
        int epoch = 0;
        // emotion4j's DJL defaults (offline, one libtorch thread unless set) before DJL starts
        Engine engine = PyTorchEngine.engine();
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            if (threads > 0 && ai.djl.pytorch.jni.JniUtils.getNumThreads() != threads) {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
            }
            // the optimiser updates these in place and keeps its moments beside them in root; each
            // step's forward pass reads fresh copies, so its intermediate arrays die with the step
            Map<String, NDArray> stored = arrays(root, params, shapes, false);
            for (epoch = 1; epoch <= epochs; epoch++) {
                List<Batch.Row> order = new ArrayList<>(trainRows.size());
                for (Batch.Row r : trainRows) {
                    Batch.Row shown = rnd.nextDouble() < modalityDropout ? r.subset(rnd) : r;
                    // only with embeddings, so that distribution-only training draws the same numbers as before
                    order.add(usesEmbeddings() && embeddingDropout > 0 ? shown.dropEmbeddings(rnd, embeddingDropout) : shown);
                }
                Collections.shuffle(order, rnd);
                double sum = 0;
                for (int from = 0; from < order.size(); from += batchSize) {
                    Batch batch = Batch.of(order.subList(from, Math.min(order.size(), from + batchSize)));
                    try (NDManager mgr = root.newSubManager()) {
                        Map<String, NDArray> p = arrays(mgr, params, shapes, true);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray loss = loss(mgr, p, batch);
                            gc.backward(loss);
                            sum += loss.getFloat() * batch.size();
                        }
                        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
                            String k = e.getKey();
                            (k.endsWith(".weight") ? decayed : plain).update(k, e.getValue(), p.get(k).getGradient());
                            params.put(k, e.getValue().toFloatArray());
                        }
                    }
                }
                trainLosses.add(sum / order.size());
                double v = valBatch == null ? sum / order.size() : evaluate(root, params, shapes, valBatch);
                valLosses.add(v);
                if (v < bestLoss - 1e-6) {
                    bestLoss = v;
                    bestEpoch = epoch;
                    best = copy(params);
                } else if (epoch - bestEpoch >= patience) {
                    break;
                }
            }
        }
        Map<String, Weights.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            tensors.put(e.getKey(), new Weights.Tensor(e.getValue(), best.get(e.getKey())));
        }
        Map<String, String> props = new TreeMap<>();
        props.put("training.seed", Long.toString(seed));
        props.put("training.epochs", Integer.toString(Math.min(epoch, epochs)));
        props.put("training.bestEpoch", Integer.toString(bestEpoch));
        props.put("training.validationLoss", fmt(bestLoss));
        props.put("training.examples", Integer.toString(train.size()));
        props.put("training.validationExamples", Integer.toString(val.size()));
        props.put("training.settings", settings());
        if (architecture == Architecture.ATTENTION) {
            props.put("attention.heads", Integer.toString(heads));
        }
        props.put("features", usesEmbeddings() ? FusionInput.LAYOUT_EMBEDDINGS : FusionInput.LAYOUT);
        if (usesEmbeddings()) {
            props.put("training.embeddingDropout", Double.toString(embeddingDropout));
        }
        fits.forEach((m, f) -> {
            props.put("calibration." + m.word() + ".fittedOn", f.n() + " validation examples");
            props.put("calibration." + m.word() + ".validationEceBefore", fmt(f.eceBefore()));
            props.put("calibration." + m.word() + ".validationEceAfter", fmt(f.eceAfter()));
        });
        FusionModel model = new FusionModel(modelId, version, architecture.word(), classes, temps,
                new Weights(tensors), props);
        return new Result(model, bestEpoch, bestLoss, trainLosses, valLosses, fits, train.size(), val.size());
    }

    private String settings() {
        return String.format(Locale.ROOT, "width=%d heads=%d hidden=%d gateHidden=%d epochs<=%d batch=%d lr=%s "
                        + "weightDecay=%s validation=%s patience=%d modalityDropout=%s calibrate=%s%s",
                width, heads, hidden, gateHidden, epochs, batchSize, learningRate, weightDecay, validationFraction,
                patience, modalityDropout, calibrate, fixedTemperatures != null ? " (given temperatures)" : "")
                + (usesEmbeddings() ? String.format(Locale.ROOT, " embeddings=%s projection=%d embeddingDropout=%s",
                        embeddingWords(), projection, embeddingDropout) : "");
    }

    private String embeddingWords() {
        List<String> w = new ArrayList<>();
        for (int m = 0; m < M; m++) {
            if (embeddingSizes[m] > 0) {
                w.add(FusionInput.MODALITIES.get(m).word() + ":" + embeddingSizes[m]);
            }
        }
        return String.join(",", w);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static List<Emotion> occurring(List<FusionExample> examples) {
        Set<Emotion> s = EnumSet.noneOf(Emotion.class);
        examples.forEach(e -> s.add(e.label()));
        return new ArrayList<>(s);
    }

    private double evaluate(NDManager root, Map<String, float[]> params, Map<String, int[]> shapes, Batch batch) {
        try (NDManager mgr = root.newSubManager()) {
            return loss(mgr, arrays(mgr, params, shapes, false), batch).getFloat();
        }
    }

    private NDArray loss(NDManager mgr, Map<String, NDArray> p, Batch batch) {
        NDArray x = mgr.create(batch.x, new Shape(batch.size(), M, F));
        NDArray mask = mgr.create(batch.mask, new Shape(batch.size(), M));
        NDArray onehot = mgr.create(batch.onehot, new Shape(batch.size(), batch.onehot.length / batch.size()));
        NDArray[] emb = new NDArray[M];
        for (int m = 0; m < M; m++) {
            if (embeddingSizes[m] > 0) {
                emb[m] = mgr.create(batch.emb[m], new Shape(batch.size(), embeddingSizes[m]));
            }
        }
        NDArray logp = DjlGraphs.logProbabilities(architecture, heads, p, x, emb, mask);
        return logp.mul(onehot).sum().div(-batch.size());
    }

    private static Map<String, NDArray> arrays(NDManager mgr, Map<String, float[]> params, Map<String, int[]> shapes,
                                               boolean grad) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            long[] s = java.util.Arrays.stream(shapes.get(k)).asLongStream().toArray();
            NDArray a = mgr.create(v, new Shape(s));
            if (grad) {
                a.setRequiresGradient(true);
            }
            out.put(k, a);
        });
        return out;
    }

    private Map<String, int[]> shapes(int k) {
        Map<String, int[]> s = new LinkedHashMap<>();
        if (architecture == Architecture.ATTENTION) {
            s.put("proj.weight", new int[] {M, tokenWidth(), width});
            s.put("proj.bias", new int[] {M, width});
            s.put("token", new int[] {width});
            for (String n : List.of("query", "key", "value", "out")) {
                s.put(n + ".weight", new int[] {width, width});
                s.put(n + ".bias", new int[] {width});
            }
            s.put("hidden.weight", new int[] {width, hidden});
            s.put("hidden.bias", new int[] {hidden});
            s.put("classifier.weight", new int[] {hidden, k});
            s.put("classifier.bias", new int[] {k});
        } else {
            for (String n : List.of("audio", "vision", "text", "cross")) {
                int in = n.equals("cross") ? MixtureOfExpertsNet.joint(tokenWidth()) : tokenWidth();
                s.put("expert." + n + ".hidden.weight", new int[] {in, hidden});
                s.put("expert." + n + ".hidden.bias", new int[] {hidden});
                s.put("expert." + n + ".out.weight", new int[] {hidden, k});
                s.put("expert." + n + ".out.bias", new int[] {k});
            }
            s.put("gate.hidden.weight", new int[] {MixtureOfExpertsNet.joint(tokenWidth()), gateHidden});
            s.put("gate.hidden.bias", new int[] {gateHidden});
            s.put("gate.out.weight", new int[] {gateHidden, M + 1});
            s.put("gate.out.bias", new int[] {M + 1});
        }
        for (int m = 0; m < M; m++) {
            if (embeddingSizes[m] > 0) {
                s.put(TokenLayout.tensorName(FusionInput.MODALITIES.get(m)), new int[] {embeddingSizes[m], projection});
            }
        }
        return s;
    }

    private static Map<String, float[]> init(Map<String, int[]> shapes, Random rnd) {
        Map<String, float[]> p = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] v = new float[n];
            if (name.endsWith(".weight")) {
                int in = shape[shape.length - 2];
                int out = shape[shape.length - 1];
                double limit = Math.sqrt(6.0 / (in + out));
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
                }
            } else if (name.equals("token")) {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (rnd.nextGaussian() * 0.5);
                }
            }
            p.put(name, v);
        });
        return p;
    }

    private static Map<String, float[]> copy(Map<String, float[]> p) {
        Map<String, float[]> c = new LinkedHashMap<>();
        p.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }

    private static List<Batch.Row> rows(List<FusionExample> examples, Map<Modality, Double> temps, List<Emotion> classes,
                                        int[] embeddingSizes) {
        List<Batch.Row> out = new ArrayList<>();
        for (FusionExample e : examples) {
            FusionInput in = e.input().withTemperatures(temps);
            float[][] emb = new float[M][];
            for (int m = 0; m < M; m++) {
                if (embeddingSizes[m] > 0) {
                    int n = embeddingSizes[m];
                    // an embedding of another size counts as absent, as in TokenLayout
                    emb[m] = in.embedding(FusionInput.MODALITIES.get(m)).filter(v -> v.length == n).orElse(new float[n]);
                }
            }
            out.add(new Batch.Row(in.tokens(), emb, in.presence(), classes.indexOf(e.label()), classes.size()));
        }
        return out;
    }

    private static List<Batch.Row> allSubsets(List<Batch.Row> rows) {
        List<Batch.Row> out = new ArrayList<>();
        for (Batch.Row r : rows) {
            out.addAll(r.allSubsets());
        }
        return out;
    }

    /** Rows packed into flat arrays. */
    private record Batch(float[] x, float[][] emb, float[] mask, float[] onehot, int size) {
        /** {@code emb[m]}: the modality's normalised embedding, zeros when absent, null without projection. */
        record Row(float[][] tokens, float[][] emb, boolean[] present, int label, int classes) {
            Row dropEmbeddings(Random rnd, double p) {
                float[][] e = emb.clone();
                boolean changed = false;
                for (int m = 0; m < e.length; m++) {
                    if (e[m] != null && present[m] && rnd.nextDouble() < p) {
                        e[m] = new float[e[m].length];
                        changed = true;
                    }
                }
                return changed ? new Row(tokens, e, present, label, classes) : this;
            }

            Row subset(Random rnd) {
                List<Integer> have = new ArrayList<>();
                for (int m = 0; m < present.length; m++) {
                    if (present[m]) {
                        have.add(m);
                    }
                }
                if (have.size() < 2) {
                    return this;
                }
                int bits;
                int full = (1 << have.size()) - 1;
                do {
                    bits = 1 + rnd.nextInt(full);
                } while (bits == full);
                return keep(have, bits);
            }

            List<Row> allSubsets() {
                List<Integer> have = new ArrayList<>();
                for (int m = 0; m < present.length; m++) {
                    if (present[m]) {
                        have.add(m);
                    }
                }
                List<Row> out = new ArrayList<>();
                for (int bits = 1; bits < 1 << have.size(); bits++) {
                    out.add(keep(have, bits));
                }
                return out;
            }

            private Row keep(List<Integer> have, int bits) {
                float[][] t = new float[tokens.length][];
                float[][] e = new float[emb.length][];
                boolean[] p = new boolean[present.length];
                for (int m = 0; m < t.length; m++) {
                    t[m] = new float[F];
                    e[m] = emb[m] == null ? null : new float[emb[m].length];
                }
                for (int i = 0; i < have.size(); i++) {
                    if ((bits & (1 << i)) != 0) {
                        int m = have.get(i);
                        t[m] = tokens[m];
                        e[m] = emb[m];
                        p[m] = true;
                    }
                }
                return new Row(t, e, p, label, classes);
            }
        }

        static Batch of(List<Row> rows) {
            int n = rows.size();
            int k = rows.get(0).classes();
            float[] x = new float[n * M * F];
            float[] mask = new float[n * M];
            float[] onehot = new float[n * k];
            float[][] emb = new float[M][];
            for (int m = 0; m < M; m++) {
                float[] first = rows.get(0).emb()[m];
                emb[m] = first == null ? null : new float[n * first.length];
            }
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                for (int m = 0; m < M; m++) {
                    System.arraycopy(r.tokens()[m], 0, x, (i * M + m) * F, F);
                    mask[i * M + m] = r.present()[m] ? 1 : 0;
                    if (emb[m] != null) {
                        int d = r.emb()[m].length;
                        System.arraycopy(r.emb()[m], 0, emb[m], i * d, d);
                    }
                }
                onehot[i * k + r.label()] = 1;
            }
            return new Batch(x, emb, mask, onehot, n);
        }
    }

    /**
     * What training produced.
     *
     * @param model             the trained model (weights, temperatures, labels, card properties)
     * @param bestEpoch         the epoch whose weights were kept
     * @param bestValidationLoss its validation loss (mean over every modality subset)
     * @param trainLosses       mean training loss per epoch
     * @param validationLosses  validation loss per epoch
     * @param calibration       the per-modality temperature fits (empty when calibration is off)
     * @param trainExamples     examples trained on
     * @param validationExamples examples held out
     */
    public record Result(FusionModel model, int bestEpoch, double bestValidationLoss, List<Double> trainLosses,
                         List<Double> validationLosses, Map<Modality, TemperatureScaling.Fit> calibration,
                         int trainExamples, int validationExamples) {
        /** Checks the components and copies the mutable ones. */
        public Result {
            trainLosses = List.copyOf(trainLosses);
            validationLosses = List.copyOf(validationLosses);
            calibration = Map.copyOf(calibration);
        }
    }

    /** Configures a trainer; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private final Architecture architecture;
        private String modelId;
        private String version = "1";
        private List<Emotion> labels;
        private int width = 32;
        private int heads = 4;
        private int hidden = 32;
        private int gateHidden = 16;
        private int epochs = 200;
        private int batchSize = 64;
        private double learningRate = 3e-3;
        private double weightDecay = 1e-4;
        private double validationFraction = 0.2;
        private int patience = 20;
        private long seed = 42;
        private double modalityDropout = 0.5;
        private boolean calibrate = true;
        private int threads = 1;
        private Map<Modality, Double> temperatures;
        private int[] embeddingSizes = new int[FusionInput.MODALITIES.size()];
        private int projection;
        private double embeddingDropout = 0.25;

        private Builder(Architecture architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
        }

        /** Model id written in the card (default {@code fusion-attention} / {@code fusion-moe}). */
        public Builder modelId(String id) {
            this.modelId = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Model version (default 1). */
        public Builder version(String v) {
            this.version = Objects.requireNonNull(v, "version");
            return this;
        }

        /** Output classes (default: the labels that occur in the data, canonical order). */
        public Builder labels(List<Emotion> l) {
            if (l.isEmpty()) {
                throw new IllegalArgumentException("need at least one label");
            }
            this.labels = List.copyOf(l);
            return this;
        }

        /** Attention model width (default 32); the MoE ignores it. */
        public Builder width(int w) {
            this.width = positive(w, "width");
            return this;
        }

        /** Attention heads (default 4); must divide the width. */
        public Builder heads(int h) {
            this.heads = positive(h, "heads");
            return this;
        }

        /** Hidden size of the attention classifier and of each expert (default 32). */
        public Builder hidden(int h) {
            this.hidden = positive(h, "hidden");
            return this;
        }

        /** Hidden size of the MoE gate (default 16). */
        public Builder gateHidden(int h) {
            this.gateHidden = positive(h, "gateHidden");
            return this;
        }

        /** Maximum epochs (default 200). */
        public Builder epochs(int e) {
            this.epochs = positive(e, "epochs");
            return this;
        }

        /** Mini-batch size (default 64). */
        public Builder batchSize(int b) {
            this.batchSize = positive(b, "batchSize");
            return this;
        }

        /** Adam learning rate (default 3e-3). */
        public Builder learningRate(double lr) {
            if (!(lr > 0 && lr < 1)) {
                throw new IllegalArgumentException("learning rate must be in (0, 1)");
            }
            this.learningRate = lr;
            return this;
        }

        /** Decoupled weight decay on weight matrices (default 1e-4). */
        public Builder weightDecay(double wd) {
            if (!(wd >= 0 && wd < 1)) {
                throw new IllegalArgumentException("weight decay must be in [0, 1)");
            }
            this.weightDecay = wd;
            return this;
        }

        /** Fraction of groups held out for validation, early stopping and calibration (default 0.2; 0 = none). */
        public Builder validationFraction(double f) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("validation fraction must be in [0, 1)");
            }
            this.validationFraction = f;
            return this;
        }

        /** Epochs without validation improvement before stopping (default 20). */
        public Builder patience(int p) {
            this.patience = positive(p, "patience");
            return this;
        }

        /** Seed of initialisation, split, shuffling and modality dropout (default 42). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Probability of training an example on a random proper subset of its modalities (default 0.5). */
        public Builder modalityDropout(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("modality dropout must be in [0, 1]");
            }
            this.modalityDropout = p;
            return this;
        }

        /** Whether to fit per-modality temperatures on the validation split (default true). */
        public Builder calibrate(boolean c) {
            this.calibrate = c;
            return this;
        }

        /**
         * PyTorch intra-op threads while training (default 1; 0 leaves the engine's setting). The
         * networks are tiny, so one thread is fastest: with more, the per-operation thread
         * hand-off dominates and, on a busy machine, made training 17 times slower. PyTorch's
         * setting is global to the JVM.
         */
        public Builder threads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("threads must be >= 0");
            }
            this.threads = n;
            return this;
        }

        /**
         * Uses these per-modality temperatures (fitted elsewhere on data held out from the
         * modality classifiers) instead of fitting them on the validation split.
         */
        public Builder temperatures(Map<Modality, Double> t) {
            Map<Modality, Double> copy = new java.util.EnumMap<>(Modality.class);
            t.forEach((m, v) -> {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("temperature of " + m + " must be finite and > 0, was " + v);
                }
                copy.put(m, v);
            });
            this.temperatures = copy;
            return this;
        }

        /**
         * Trains the {@code dist16+emb-v1} variant: each modality with a size here gets a learned
         * linear projection {@code embed.<modality>.weight [size, projection]} of its L2-normalised
         * embedding appended to its token (examples whose embedding is missing or of another size
         * get zeros). Default: none (distributions only, {@code dist16-v1}).
         *
         * @param sizes      embedding size per modality that should use one ({@code > 0})
         * @param projection projected size d ({@code > 0})
         */
        public Builder embeddings(Map<Modality, Integer> sizes, int projection) {
            Objects.requireNonNull(sizes, "sizes");
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("name at least one modality's embedding size");
            }
            int[] s = new int[FusionInput.MODALITIES.size()];
            sizes.forEach((m, n) -> s[FusionInput.MODALITIES.indexOf(m)] = positive(n, m.word() + " embedding size"));
            this.embeddingSizes = s;
            this.projection = positive(projection, "projection");
            return this;
        }

        /** Probability of showing a present modality without its embedding (default 0.25; with embeddings only). */
        public Builder embeddingDropout(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("embedding dropout must be in [0, 1]");
            }
            this.embeddingDropout = p;
            return this;
        }

        /** The trainer. */
        public FusionTrainer build() {
            if (architecture == Architecture.ATTENTION && width % heads != 0) {
                throw new IllegalStateException(heads + " heads do not divide the width " + width);
            }
            return new FusionTrainer(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, was " + v);
            }
            return v;
        }
    }
}
