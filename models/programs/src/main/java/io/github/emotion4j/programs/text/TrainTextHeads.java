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
import ai.djl.engine.Engine;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the two text emotion heads on GoEmotions and writes them, with their cards, into the
 * models module:
 * <ul>
 *   <li>{@code text-goemotions-ekman}: 384 -> 256 ReLU -> 7 (Ekman grouping), softmax over soft
 *       targets that split a multi-label row's mass over its labels, class-weighted cross-entropy,
 *       then per-class logit offsets tuned for macro-F1 on a held-out 10% of train;</li>
 *   <li>{@code text-goemotions-28}: 384 -> 256 ReLU -> 28 (the original labels), sigmoid with
 *       binary cross-entropy (multi-label), per-label thresholds tuned on the held-out part.</li>
 * </ul>
 * Early stopping watches the held-out part of train; {@code ekman/dev.tsv} and
 * {@code original/dev.tsv} are only used for the reported figures. Fixed seeds throughout.
 *
 * <pre>
 * ./mvnw -q -pl emotion-text exec:java -Dexec.mainClass=io.github.emotion4j.programs.text.TrainTextHeads \
 *     -Dexec.args="../shared/data/text/goemotions models/src/main/resources/io/github/emotion4j/models"
 * </pre>
 * Arguments: GoEmotions folder (with {@code original/} and {@code ekman/}), output models folder,
 * optional embedding cache folder (default {@code emotion-text/target/embedding-cache}).
 */
public final class TrainTextHeads {
    static final long SEED = 20240611L;
    static final int HIDDEN = 256;
    static final float DROPOUT = 0.3f;
    static final float LR = 2e-3f;
    static final int BATCH = 512;
    static final int MAX_EPOCHS = 20;
    static final int PATIENCE = 4;
    static final double CLASS_WEIGHT_POWER = 0.5;
    static final String ENCODER = "text-minilm-l6-v2-q";
    /** Word-piece vocabulary of the encoder's tokenizer (bert-base-uncased). */
    static final int VOCAB = 30522;
    static final float LEXICON_DECAY = 1e-4f;
    static final int MIN_DF = 5;

    private TrainTextHeads() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainTextHeads <goemotions folder> <models output folder> [embedding cache folder]");
            System.exit(2);
        }
        // one PyTorch thread: the same numbers on every run and machine (training is small)
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path cache = Path.of(args.length > 2 ? args[2] : "emotion-text/target/embedding-cache");
        Files.createDirectories(cache);
        long t0 = System.nanoTime();
        GoEmotions ekTrain = GoEmotions.read(data.resolve("ekman/train.tsv"), data.resolve("ekman/labels.txt"));
        GoEmotions ekDev = GoEmotions.read(data.resolve("ekman/dev.tsv"), data.resolve("ekman/labels.txt"));
        GoEmotions ogTrain = GoEmotions.read(data.resolve("original/train.tsv"), data.resolve("original/labels.txt"));
        GoEmotions ogDev = GoEmotions.read(data.resolve("original/dev.tsv"), data.resolve("original/labels.txt"));
        if (!ekTrain.ids().equals(ogTrain.ids()) || !ekDev.ids().equals(ogDev.ids())) {
            throw new IllegalStateException("ekman/ and original/ rows are not aligned by comment id");
        }
        if (!ekTrain.names().equals(LabelSet.GOEMOTIONS_EKMAN.labels()) || !ogTrain.names().equals(LabelSet.GOEMOTIONS_28.labels())) {
            throw new IllegalStateException("labels.txt differs from LabelSet GOEMOTIONS_EKMAN / GOEMOTIONS_28");
        }
        String encoderSha;
        float[][] xTrain;
        float[][] xDev;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                TransformerRunner.MAX_PARALLELISM);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelBundle enc = ModelLocator.fromClasspath(ENCODER);
            encoderSha = enc.sha256("model.onnx");
            try (TransformerRunner runner = TransformerRunner.open(enc, runtime, 64, pool)) {
                xTrain = embed(runner, ekTrain.texts(), cache.resolve("train-" + encoderSha.substring(0, 12) + "-"
                        + Checksums.sha256(data.resolve("ekman/train.tsv")).substring(0, 12) + ".f32"));
                xDev = embed(runner, ekDev.texts(), cache.resolve("dev-" + encoderSha.substring(0, 12) + "-"
                        + Checksums.sha256(data.resolve("ekman/dev.tsv")).substring(0, 12) + ".f32"));
            }
        } finally {
            pool.shutdownNow();
        }
        int[][] lexTrain;
        int[][] lexDev;
        int vocab;
        try (TextTokenizer tok = TextTokenizer.load(ModelLocator.fromClasspath(ENCODER).file("tokenizer.json"),
                java.util.OptionalLong.empty())) {
            long[] special = {tok.prefix()[0], tok.suffix()[0], tok.padId()};
            lexTrain = wordPieces(tok, ekTrain.texts(), special);
            lexDev = wordPieces(tok, ekDev.texts(), special);
        }
        int dim = xTrain[0].length;
        // held-out 10% of train for early stopping and tuning (dev stays untouched)
        int[] perm = permutation(xTrain.length, new Random(SEED));
        int nVal = xTrain.length / 10;
        int[] valIdx = Arrays.copyOfRange(perm, 0, nVal);
        int[] fitIdx = Arrays.copyOfRange(perm, nVal, perm.length);
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int i : fitIdx) {
            for (int k = 0; k < dim; k++) {
                mean[k] += xTrain[i][k];
            }
        }
        for (int k = 0; k < dim; k++) {
            mean[k] /= fitIdx.length;
        }
        for (int i : fitIdx) {
            for (int k = 0; k < dim; k++) {
                double d = xTrain[i][k] - mean[k];
                std[k] += (float) (d * d);
            }
        }
        for (int k = 0; k < dim; k++) {
            std[k] = (float) Math.sqrt(std[k] / fitIdx.length) + 1e-6f;
        }
        // the lexicon learns only word pieces seen in at least MIN_DF fitted comments (others keep weight 0)
        int[] df = new int[VOCAB];
        for (int i : fitIdx) {
            for (int id : lexTrain[i]) {
                df[id]++;
            }
        }
        int[] compact = new int[VOCAB];
        List<Integer> kept = new ArrayList<>();
        for (int id = 0; id < VOCAB; id++) {
            compact[id] = df[id] >= MIN_DF ? kept.size() : -1;
            if (compact[id] >= 0) {
                kept.add(id);
            }
        }
        vocab = kept.size();
        System.out.println("lexicon: " + vocab + " word pieces in >= " + MIN_DF + " comments");
        lexTrain = remap(lexTrain, compact);
        lexDev = remap(lexDev, compact);
        int[] keptIds = kept.stream().mapToInt(Integer::intValue).toArray();
        float[][] zTrain = standardize(xTrain, mean, std);
        float[][] zDev = standardize(xDev, mean, std);

        StringBuilder log = new StringBuilder();
        // ---------------- Ekman head ----------------
        int ek = LabelSet.GOEMOTIONS_EKMAN.size();
        float[][] yEk = softTargets(ekTrain.labels(), ek);
        double[] classWeight = classWeights(yEk, fitIdx, ek);
        float[][] yEkWeighted = new float[yEk.length][ek];
        for (int i = 0; i < yEk.length; i++) {
            for (int c = 0; c < ek; c++) {
                yEkWeighted[i][c] = (float) (yEk[i][c] * classWeight[c]);
            }
        }
        int[] valTruthEk = singleLabelTruth(ekTrain.labels(), valIdx);
        Trained ekHead = train("ekman", zTrain, lexTrain, vocab, yEkWeighted, fitIdx, valIdx, false,
                logits -> macroF1Top(logits, valTruthEk, ek), log);
        // per-class logit offsets tuned for macro-F1 on the held-out part
        float[][] valLogits = forward(ekHead, zTrain, lexTrain, valIdx);
        float[] offsets = tuneOffsets(valLogits, valTruthEk, ek);
        ekHead.layers.set(1, withBiasOffsets(ekHead.layers.get(1), offsets));
        DenseHead ekmanHead = new DenseHead(mean, std, ekHead.layers);
        DenseHead ekmanLexicon = new DenseHead(null, null, List.of(ekHead.lexicon));
        DenseHead ekmanLexiconFull = new DenseHead(null, null, List.of(expand(ekHead.lexicon, keptIds)));
        log.append("ekman offsets ").append(Arrays.toString(offsets)).append('\n');
        ClassificationReport ekReport = evaluateEkman(ekmanHead, ekmanLexicon, xDev, lexDev, ekDev.labels());
        System.out.println("== text-goemotions-ekman on ekman/dev.tsv single-label rows ==");
        System.out.println(ekReport.toText());

        // ---------------- 28-label head ----------------
        int og = LabelSet.GOEMOTIONS_28.size();
        float[][] yOg = multiHot(ogTrain.labels(), og);
        float[][] multiVal = subset(yOg, valIdx);
        Trained ogHeadTrained = train("goemotions28", zTrain, lexTrain, vocab, yOg, fitIdx, valIdx, true,
                logits -> multiLabelMacroF1(sigmoid(logits), multiVal, null), log);
        float[][] valProb = sigmoid(forward(ogHeadTrained, zTrain, lexTrain, valIdx));
        float[] thresholds = tuneThresholds(valProb, multiVal);
        DenseHead ogHead = new DenseHead(mean, std, ogHeadTrained.layers);
        DenseHead ogLexicon = new DenseHead(null, null, List.of(ogHeadTrained.lexicon));
        DenseHead ogLexiconFull = new DenseHead(null, null, List.of(expand(ogHeadTrained.lexicon, keptIds)));
        float[][] devProb = new float[xDev.length][];
        for (int i = 0; i < xDev.length; i++) {
            devProb[i] = sigmoid(logits(ogHead, ogLexicon, xDev[i], lexDev[i]));
        }
        float[][] devMulti = multiHot(ogDev.labels(), og);
        double og28MacroF1 = multiLabelMacroF1(devProb, devMulti, thresholds);
        float[] half = new float[og];
        Arrays.fill(half, 0.5f);
        double og28MacroF1At05 = multiLabelMacroF1(devProb, devMulti, half);
        List<Integer> singleRows = new ArrayList<>();
        for (int i = 0; i < ogDev.size(); i++) {
            if (ogDev.labels().get(i).length == 1) {
                singleRows.add(i);
            }
        }
        int[] truth28 = new int[singleRows.size()];
        int[] pred28 = new int[singleRows.size()];
        for (int j = 0; j < truth28.length; j++) {
            int i = singleRows.get(j);
            truth28[j] = ogDev.labels().get(i)[0];
            pred28[j] = argmax(devProb[i]);
        }
        ClassificationReport og28Top = ClassificationReport.of(LabelSet.GOEMOTIONS_28.labels(), truth28, pred28);
        ClassificationReport og28Folded = evaluateFolded(devProb, ekDev.labels());
        System.out.printf(Locale.ROOT, "== text-goemotions-28 on original/dev.tsv ==%nmulti-label macro-F1 (tuned thresholds) %.4f, at 0.5 %.4f%n",
                og28MacroF1, og28MacroF1At05);
        System.out.println("top-1 on single-label rows: " + og28Top.toText().lines().findFirst().orElse(""));
        System.out.println("folded to Ekman groups, ekman/dev single-label rows: " + og28Folded.toText().lines().findFirst().orElse(""));
        System.out.println(log);

        double minutes = (System.nanoTime() - t0) / 60e9;
        writeEkman(out.resolve("text-goemotions-ekman"), ekmanHead, ekmanLexiconFull, ekReport, encoderSha, ekHead.epochs, minutes);
        writeG28(out.resolve("text-goemotions-28"), ogHead, ogLexiconFull, thresholds, og28MacroF1, og28MacroF1At05, og28Top, og28Folded,
                encoderSha, ogHeadTrained.epochs);
        Path report = cache.resolve("training-report.txt");
        Files.writeString(report, "ekman dev\n" + ekReport.toText() + "\n" + ekReport.toJson() + "\n\n28 dev top1 single-label\n"
                + og28Top.toText() + "\n28 folded\n" + og28Folded.toText() + "\nmulti-label macroF1 tuned=" + og28MacroF1
                + " at0.5=" + og28MacroF1At05 + "\n" + log, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "done in %.1f min; report %s%n", minutes, report);
    }

    // ------------------------------------------------------------------ embeddings

    static float[][] embed(TransformerRunner runner, List<String> texts, Path cacheFile) throws IOException {
        if (Files.isRegularFile(cacheFile)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cacheFile)))) {
                int n = in.readInt();
                int d = in.readInt();
                if (n == texts.size()) {
                    float[][] x = new float[n][d];
                    byte[] buf = new byte[d * 4];
                    for (int i = 0; i < n; i++) {
                        in.readFully(buf);
                        ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x[i]);
                    }
                    System.out.println("embeddings from cache " + cacheFile);
                    return x;
                }
            }
        }
        float[][] x = new float[texts.size()][];
        long t = System.nanoTime();
        int step = 1024;
        for (int from = 0; from < texts.size(); from += step) {
            List<float[]> v = runner.run(texts.subList(from, Math.min(texts.size(), from + step)));
            for (int i = 0; i < v.size(); i++) {
                x[from + i] = v.get(i);
            }
            System.out.printf(Locale.ROOT, "embedded %d/%d (%.0f texts/s)%n", Math.min(texts.size(), from + step), texts.size(),
                    Math.min(texts.size(), from + step) / ((System.nanoTime() - t) / 1e9));
        }
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cacheFile)))) {
            o.writeInt(x.length);
            o.writeInt(x[0].length);
            ByteBuffer b = ByteBuffer.allocate(x[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : x) {
                b.clear();
                b.asFloatBuffer().put(row);
                o.write(b.array());
            }
        }
        return x;
    }

    // ------------------------------------------------------------------ training

    record Trained(List<DenseHead.Layer> layers, DenseHead.Layer lexicon, int epochs) {
    }

    interface Score {
        double of(float[][] logits);
    }

    /** Distinct word-piece ids of each text, special tokens left out. */
    static int[][] wordPieces(TextTokenizer tok, List<String> texts, long[] special) {
        int[][] out = new int[texts.size()][];
        int step = 2048;
        for (int from = 0; from < texts.size(); from += step) {
            long[][] ids = tok.encode(texts.subList(from, Math.min(texts.size(), from + step)));
            for (int i = 0; i < ids.length; i++) {
                out[from + i] = Arrays.stream(ids[i]).filter(id -> Arrays.stream(special).noneMatch(s -> s == id))
                        .filter(id -> id >= 0 && id < VOCAB).distinct().mapToInt(id -> (int) id).toArray();
            }
        }
        return out;
    }

    /**
     * Trains embedding MLP + lexicon (a linear layer over the bag of word pieces), their logits
     * summed, with DJL's Trainer; keeps the epoch with the best held-out score.
     */
    static Trained train(String name, float[][] x, int[][] lex, int vocab, float[][] y, int[] fitIdx, int[] valIdx,
                         boolean multiLabel, Score score, StringBuilder log) {
        int dim = x[0].length;
        int classes = y[0].length;
        Engine.getEngine("PyTorch").setRandomSeed((int) SEED);
        try (Model model = Model.newInstance(name, ai.djl.Device.cpu(), "PyTorch")) {
            SequentialBlock mlp = new SequentialBlock()
                    .add(new LambdaBlock(l -> new NDList(l.get(0))))
                    .add(Linear.builder().setUnits(HIDDEN).build())
                    .add(Activation::relu)
                    .add(Dropout.builder().optRate(DROPOUT).build())
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
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(1e-5f).build())
                    .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()});
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, dim), new Shape(1, vocab));
                NDManager manager = trainer.getManager();
                Random rnd = new Random(SEED + 1);
                double best = -1;
                int bestEpoch = 0;
                Trained bestTrained = export(net, 0);
                for (int epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
                    long te = System.nanoTime();
                    int[] order = fitIdx.clone();
                    shuffle(order, rnd);
                    double lossSum = 0;
                    int batches = 0;
                    for (int from = 0; from < order.length; from += BATCH) {
                        int bs = Math.min(BATCH, order.length - from);
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
                                NDArray total = l.add(lw.square().sum().mul(LEXICON_DECAY));
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
                    } else if (epoch - bestEpoch >= PATIENCE) {
                        break;
                    }
                }
                log.append(name).append(" best epoch ").append(bestEpoch).append(" held-out ").append(best).append('\n');
                return new Trained(new ArrayList<>(bestTrained.layers), bestTrained.lexicon, bestEpoch);
            }
        }
    }

    static int[][] remap(int[][] lex, int[] compact) {
        int[][] out = new int[lex.length][];
        for (int i = 0; i < lex.length; i++) {
            out[i] = Arrays.stream(lex[i]).map(id -> compact[id]).filter(c -> c >= 0).toArray();
        }
        return out;
    }

    /** The compact lexicon layer over the full vocabulary (weight 0 for word pieces it never learned). */
    static DenseHead.Layer expand(DenseHead.Layer compact, int[] keptIds) {
        float[][] w = new float[compact.out()][VOCAB];
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < keptIds.length; j++) {
                w[c][keptIds[j]] = compact.weights()[c][j];
            }
        }
        return new DenseHead.Layer(w, compact.bias(), DenseHead.Activation.NONE);
    }

    static Trained export(ParallelBlock net, int epoch) {
        List<DenseHead.Layer> mlp = linears((SequentialBlock) net.getChildren().get(0).getValue());
        List<DenseHead.Layer> lex = linears((SequentialBlock) net.getChildren().get(1).getValue());
        return new Trained(mlp, lex.get(0), epoch);
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

    // ------------------------------------------------------------------ targets and metrics

    static float[][] softTargets(List<int[]> labels, int classes) {
        float[][] y = new float[labels.size()][classes];
        for (int i = 0; i < y.length; i++) {
            int[] l = labels.get(i);
            for (int c : l) {
                y[i][c] += 1f / l.length;
            }
        }
        return y;
    }

    static float[][] multiHot(List<int[]> labels, int classes) {
        float[][] y = new float[labels.size()][classes];
        for (int i = 0; i < y.length; i++) {
            for (int c : labels.get(i)) {
                y[i][c] = 1f;
            }
        }
        return y;
    }

    static double[] classWeights(float[][] y, int[] idx, int classes) {
        double[] n = new double[classes];
        for (int i : idx) {
            for (int c = 0; c < classes; c++) {
                n[c] += y[i][c];
            }
        }
        double[] w = new double[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = Math.pow(idx.length / (classes * Math.max(1, n[c])), CLASS_WEIGHT_POWER);
        }
        return w;
    }

    /** Label of single-label rows, -1 for multi-label rows. */
    static int[] singleLabelTruth(List<int[]> labels, int[] idx) {
        int[] t = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            int[] l = labels.get(idx[j]);
            t[j] = l.length == 1 ? l[0] : -1;
        }
        return t;
    }

    static double macroF1Top(float[][] logits, int[] truth, int classes) {
        return macroF1Top(logits, truth, classes, new float[classes]);
    }

    static double macroF1Top(float[][] logits, int[] truth, int classes, float[] offsets) {
        int[][] cm = new int[classes][classes];
        for (int i = 0; i < logits.length; i++) {
            if (truth[i] < 0) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i][c] + offsets[c] > logits[i][best] + offsets[best]) {
                    best = c;
                }
            }
            cm[truth[i]][best]++;
        }
        return new ClassificationReport(LabelSet.GOEMOTIONS_EKMAN.labels().subList(0, classes).size() == classes
                ? LabelSet.GOEMOTIONS_EKMAN.labels().subList(0, classes) : names(classes), cm).macroF1();
    }

    private static List<String> names(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add("c" + i);
        }
        return s;
    }

    static float[] tuneOffsets(float[][] logits, int[] truth, int classes) {
        float[] off = new float[classes];
        double best = macroF1Top(logits, truth, classes, off);
        for (int pass = 0; pass < 3; pass++) {
            for (int c = 0; c < classes; c++) {
                float keep = off[c];
                float bestV = keep;
                for (float v = -2f; v <= 2.001f; v += 0.1f) {
                    off[c] = v;
                    double s = macroF1Top(logits, truth, classes, off);
                    if (s > best + 1e-9) {
                        best = s;
                        bestV = v;
                    }
                }
                off[c] = bestV;
            }
        }
        return off;
    }

    static float[][] sigmoid(float[][] logits) {
        float[][] p = new float[logits.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = sigmoid(logits[i]);
        }
        return p;
    }

    static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) (1 / (1 + Math.exp(-logits[c])));
        }
        return p;
    }

    /** Mean over labels of the binary F1 at the given thresholds (0.5 when null). */
    static double multiLabelMacroF1(float[][] prob, float[][] truth, float[] thresholds) {
        int classes = truth[0].length;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += binaryF1(prob, truth, c, thresholds == null ? 0.5f : thresholds[c]);
        }
        return sum / classes;
    }

    static double binaryF1(float[][] prob, float[][] truth, int c, float threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < prob.length; i++) {
            boolean p = prob[i][c] >= threshold;
            boolean t = truth[i][c] > 0.5f;
            if (p && t) {
                tp++;
            } else if (p) {
                fp++;
            } else if (t) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    static float[] tuneThresholds(float[][] prob, float[][] truth) {
        int classes = truth[0].length;
        float[] th = new float[classes];
        for (int c = 0; c < classes; c++) {
            double best = -1;
            for (float t = 0.05f; t <= 0.951f; t += 0.025f) {
                double f = binaryF1(prob, truth, c, t);
                if (f > best) {
                    best = f;
                    th[c] = t;
                }
            }
        }
        return th;
    }

    static ClassificationReport evaluateEkman(DenseHead head, DenseHead lexicon, float[][] x, int[][] lex, List<int[]> labels) {
        List<String> classes = Emotion.CANONICAL.stream().map(Emotion::word).toList();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        LabelSet set = LabelSet.GOEMOTIONS_EKMAN;
        for (int i = 0; i < x.length; i++) {
            if (labels.get(i).length != 1) {
                continue;
            }
            float[] l = logits(head, lexicon, x[i], lex[i]);
            truth.add(Emotion.CANONICAL.indexOf(set.emotionAt(labels.get(i)[0])));
            pred.add(Emotion.CANONICAL.indexOf(set.emotionAt(argmax(l))));
        }
        return ClassificationReport.of(classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray());
    }

    static ClassificationReport evaluateFolded(float[][] prob28, List<int[]> ekLabels) {
        List<String> classes = Emotion.CANONICAL.stream().map(Emotion::word).toList();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        for (int i = 0; i < prob28.length; i++) {
            if (ekLabels.get(i).length != 1) {
                continue;
            }
            double[] d = new double[prob28[i].length];
            for (int c = 0; c < d.length; c++) {
                d[c] = prob28[i][c];
            }
            Emotion top = LabelSet.GOEMOTIONS_28.toDistribution(d).top().label();
            truth.add(Emotion.CANONICAL.indexOf(LabelSet.GOEMOTIONS_EKMAN.emotionAt(ekLabels.get(i)[0])));
            pred.add(Emotion.CANONICAL.indexOf(top));
        }
        return ClassificationReport.of(classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray());
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
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

    // ------------------------------------------------------------------ writing the models

    static final String COMMAND = "./mvnw -q -B -pl emotion-text exec:java"
            + " -Dexec.mainClass=io.github.emotion4j.programs.text.TrainTextHeads"
            + " -Dexec.args=\"../shared/data/text/goemotions models/src/main/resources/io/github/emotion4j/models\"";

    static String writeHead(Path dir, DenseHead head) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("head.bin");
        try (OutputStream o = Files.newOutputStream(file)) {
            head.write(o);
        }
        return Checksums.sha256(file);
    }

    static String writeLexicon(Path dir, DenseHead lexicon) throws IOException {
        Path file = dir.resolve("lexicon.bin");
        try (OutputStream o = Files.newOutputStream(file)) {
            lexicon.write(o);
        }
        return Checksums.sha256(file);
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static void writeEkman(Path dir, DenseHead head, DenseHead lexicon, ClassificationReport r, String encoderSha, int epochs,
                           double minutes) throws IOException {
        String sha = writeHead(dir, head);
        String lexSha = writeLexicon(dir, lexicon);
        StringBuilder p = new StringBuilder();
        p.append("# Written by io.github.emotion4j.programs.text.TrainTextHeads -- rerun it instead of editing.\n");
        p.append("id=text-goemotions-ekman\nversion=1\ntask=classification\nmodality=TEXT\n");
        p.append("files=head.bin,lexicon.bin\nformat.head.bin=RAW\nformat.lexicon.bin=RAW\nsha256.head.bin=").append(sha)
                .append("\nsha256.lexicon.bin=").append(lexSha).append('\n');
        p.append("head.layers=").append(head.layerSpec()).append("\nhead.normalize=true\n");
        p.append("lexicon.file=lexicon.bin\nlexicon.layers=").append(lexicon.layerSpec()).append('\n');
        p.append("labels=").append(String.join(",", LabelSet.GOEMOTIONS_EKMAN.labels())).append('\n');
        p.append("labelSet=GOEMOTIONS_EKMAN\nactivation=softmax\n");
        p.append("encoder=").append(ENCODER).append("\nencoder.sha256=").append(encoderSha).append('\n');
        p.append("language=en\n");
        p.append("source=trained by emotion4j (TrainTextHeads, DJL ").append(ai.djl.engine.Engine.getDjlVersion())
                .append(" PyTorch engine, seed ").append(SEED).append(")\n");
        p.append("license=Apache-2.0 (weights); training data GoEmotions CC BY 4.0\n");
        p.append("trainingData=GoEmotions ekman/train.tsv (43,410 Reddit comments, Ekman grouping), 90% fit / 10% held out\n");
        p.append("metric.goemotions-ekman-dev-single.n=").append(r.n()).append('\n');
        p.append("metric.goemotions-ekman-dev-single.accuracy=").append(f4(r.accuracy())).append('\n');
        p.append("metric.goemotions-ekman-dev-single.macroF1=").append(f4(r.macroF1())).append('\n');
        for (int c = 0; c < r.classes().size(); c++) {
            p.append("metric.goemotions-ekman-dev-single.f1.").append(r.classes().get(c)).append('=').append(f4(r.f1(c))).append('\n');
        }
        Files.writeString(dir.resolve("model.properties"), p.toString(), StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder();
        md.append("# text-goemotions-ekman — Ekman emotion head over MiniLM sentence embeddings\n\n");
        md.append("A small MLP trained by emotion4j on GoEmotions (Ekman grouping) over the L2-normalised\n")
                .append("mean-pooled embeddings of `text-minilm-l6-v2-q`. Outputs softmax probabilities over\n")
                .append("anger, disgust, fear, joy (-> happiness), neutral, sadness, surprise.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| architecture | standardise 384 inputs, `").append(head.layerSpec()).append("` (dropout ")
                .append(DROPOUT).append(" in training), plus a lexicon: a linear layer `").append(lexicon.layerSpec())
                .append("` over the set of word pieces in the text (only word pieces in at least ").append(MIN_DF)
                .append(" fitted comments are learned, the rest weigh 0; extra L2 ").append(LEXICON_DECAY)
                .append("), logits summed, softmax |\n");
        md.append("| training data | GoEmotions `ekman/train.tsv` (Demszky et al. 2020, CC BY 4.0), 90% to fit, 10% held out (seed ")
                .append(SEED).append(") for early stopping and tuning |\n");
        md.append("| multi-label rows | soft targets: the row's mass split equally over its labels |\n");
        md.append("| imbalance | class-weighted cross-entropy (weight = (N / (7 n_c))^").append(CLASS_WEIGHT_POWER)
                .append("), then per-class logit offsets tuned for macro-F1 on the held-out part and folded into the last bias |\n");
        md.append("| optimiser | Adam, lr ").append(LR).append(", batch ").append(BATCH).append(", best epoch ").append(epochs)
                .append(" (patience ").append(PATIENCE).append(") |\n");
        md.append("| encoder | `").append(ENCODER).append("` (sha256 `").append(encoderSha).append("`) |\n");
        md.append("| language | English |\n");
        md.append("| licence | Apache-2.0 (weights, emotion4j's own work); data CC BY 4.0 |\n");
        md.append("| SHA-256 `head.bin` | `").append(sha).append("` |\n");
        md.append("| SHA-256 `lexicon.bin` | `").append(lexSha).append("` |\n\n");
        md.append("## Evaluation — `ekman/dev.tsv`, single-label rows (never used in training or tuning)\n\n");
        md.append("```\n").append(r.toText()).append("```\n\n");
        md.append("Reference: the fine-tuned BERT baseline of the GoEmotions paper reaches macro-F1 0.64 at the Ekman level\n")
                .append("(all rows, multi-label); this head is a frozen-encoder MLP (100 k parameters) plus a linear word-piece lexicon.\n\n");
        md.append("Reproduce (a few minutes on 2 CPU cores; byte-identical weights on every run; embeddings cached in\n")
                .append("`emotion-text/target/embedding-cache`):\n\n```\n").append(COMMAND).append("\n```\n\n")
                .append("Re-evaluate with the module's evaluation entry point:\n\n```\n")
                .append("./mvnw -q -B -pl emotion-text exec:java -Dexec.mainClass=io.github.emotion4j.programs.text.TextEvaluation \\\n")
                .append("    -Dexec.args=\"../shared/data/text/goemotions/ekman/dev.tsv\"\n```\n");
        Files.writeString(dir.resolve("MODEL_CARD.md"), md.toString(), StandardCharsets.UTF_8);
    }

    static void writeG28(Path dir, DenseHead head, DenseHead lexicon, float[] thresholds, double macroF1, double macroF1At05,
                         ClassificationReport top, ClassificationReport folded, String encoderSha, int epochs) throws IOException {
        String sha = writeHead(dir, head);
        String lexSha = writeLexicon(dir, lexicon);
        StringBuilder th = new StringBuilder();
        for (int c = 0; c < thresholds.length; c++) {
            th.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", thresholds[c]));
        }
        StringBuilder p = new StringBuilder();
        p.append("# Written by io.github.emotion4j.programs.text.TrainTextHeads -- rerun it instead of editing.\n");
        p.append("id=text-goemotions-28\nversion=1\ntask=classification\nmodality=TEXT\n");
        p.append("files=head.bin,lexicon.bin\nformat.head.bin=RAW\nformat.lexicon.bin=RAW\nsha256.head.bin=").append(sha)
                .append("\nsha256.lexicon.bin=").append(lexSha).append('\n');
        p.append("head.layers=").append(head.layerSpec()).append("\nhead.normalize=true\n");
        p.append("lexicon.file=lexicon.bin\nlexicon.layers=").append(lexicon.layerSpec()).append('\n');
        p.append("labels=").append(String.join(",", LabelSet.GOEMOTIONS_28.labels())).append('\n');
        p.append("labelSet=GOEMOTIONS_28\nactivation=sigmoid\n");
        p.append("thresholds=").append(th).append('\n');
        p.append("encoder=").append(ENCODER).append("\nencoder.sha256=").append(encoderSha).append('\n');
        p.append("language=en\n");
        p.append("source=trained by emotion4j (TrainTextHeads, DJL PyTorch engine, seed ").append(SEED).append(")\n");
        p.append("license=Apache-2.0 (weights); training data GoEmotions CC BY 4.0\n");
        p.append("trainingData=GoEmotions original/train.tsv (43,410 Reddit comments, 27 emotions + neutral), 90% fit / 10% held out\n");
        p.append("metric.goemotions-dev.multilabelMacroF1=").append(f4(macroF1)).append('\n');
        p.append("metric.goemotions-dev.multilabelMacroF1At0.5=").append(f4(macroF1At05)).append('\n');
        p.append("metric.goemotions-dev-single.top1.accuracy=").append(f4(top.accuracy())).append('\n');
        p.append("metric.goemotions-dev-single.top1.macroF1=").append(f4(top.macroF1())).append('\n');
        p.append("metric.goemotions-ekman-dev-single.folded.macroF1=").append(f4(folded.macroF1())).append('\n');
        Files.writeString(dir.resolve("model.properties"), p.toString(), StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder();
        md.append("# text-goemotions-28 — GoEmotions 28-label head over MiniLM sentence embeddings\n\n");
        md.append("A small multi-label MLP trained by emotion4j on the 27 GoEmotions emotions plus neutral, over the\n")
                .append("embeddings of `text-minilm-l6-v2-q`. Sigmoid per label; emotion-text reports the scores as\n")
                .append("`goemotions.<label>` details and folds them into canonical emotions with the published Ekman\n")
                .append("mapping (`LabelSet.GOEMOTIONS_28`). `thresholds` in the card are per-label decision thresholds\n")
                .append("tuned on the held-out part of train.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| architecture | standardise 384 inputs, `").append(head.layerSpec()).append("` plus lexicon `")
                .append(lexicon.layerSpec()).append("` over the word pieces of the text, logits summed, sigmoid |\n");
        md.append("| training data | GoEmotions `original/train.tsv` (CC BY 4.0), 90% fit / 10% held out (seed ").append(SEED)
                .append(") |\n");
        md.append("| loss | binary cross-entropy per label (multi-label rows: every label is a positive) |\n");
        md.append("| optimiser | Adam, lr ").append(LR).append(", batch ").append(BATCH).append(", best epoch ").append(epochs)
                .append(" |\n");
        md.append("| licence | Apache-2.0 (weights); data CC BY 4.0 |\n");
        md.append("| SHA-256 `head.bin` | `").append(sha).append("` |\n");
        md.append("| SHA-256 `lexicon.bin` | `").append(lexSha).append("` |\n\n");
        md.append("## Evaluation — `original/dev.tsv` (never used in training or tuning)\n\n");
        md.append("- multi-label macro-F1 over the 28 labels (per-label thresholds): **").append(f4(macroF1))
                .append("** (at 0.5: ").append(f4(macroF1At05)).append("); GoEmotions paper's BERT baseline: 0.46\n");
        md.append("- top-1 on single-label rows: accuracy ").append(f4(top.accuracy())).append(", macro-F1 ").append(f4(top.macroF1()))
                .append('\n');
        md.append("- folded to Ekman groups, `ekman/dev.tsv` single-label rows: accuracy ").append(f4(folded.accuracy()))
                .append(", macro-F1 ").append(f4(folded.macroF1())).append("\n\n");
        md.append("Top-1 report on single-label rows:\n\n```\n").append(top.toText()).append("```\n\n");
        md.append("Reproduce:\n\n```\n").append(COMMAND).append("\n```\n");
        Files.writeString(dir.resolve("MODEL_CARD.md"), md.toString(), StandardCharsets.UTF_8);
    }
}
