package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.tokenize.TextTokenizer;
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
 * ./mvnw -q -pl models/programs exec:java -Dexec.mainClass=io.github.emotion4j.programs.text.TrainTextHeads \
 *     -Dexec.args="../shared/data/text/goemotions models/src/main/resources/io/github/emotion4j/models"
 * </pre>
 * Arguments: GoEmotions folder (with {@code original/} and {@code ekman/}), output models folder
 * ({@code -}: write nothing), optional embedding cache folder (default
 * {@code emotion-text/target/embedding-cache}), optional encoder card ids joined by {@code +}
 * (default MiniLM; several: their embeddings concatenated; heads over another encoder get its
 * short name as suffix, e.g. {@code text-goemotions-ekman-bge-small}). {@code -DekmanOnly=true}
 * trains and reports the Ekman head only; {@code -DheldOutOnly=true} reads no dev file: it trains
 * the Ekman head and reports its macro-F1 on the held-out part of train with the encoder's cost per
 * single call (how {@code minilm-l3} was chosen among encoders cut after 2, 3 and 4 layers).
 *
 * <p>The pieces: {@link EmbeddingCache} (encoder embeddings, cached on disk),
 * {@link WordPieceLexicon} (the bag-of-word-pieces inputs), {@link TextHeadTrainer} (DJL training
 * and export to {@code DenseHead} layers), {@link TextHeadMetrics} (targets, tuning, reports through
 * {@code ClassificationReport}) and {@link TextHeadCards} (folders and cards through
 * {@code ModelCardWriter}); this class reads the data and runs the two jobs in order.
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
    /** The default encoder (its heads are the bundled {@code text-goemotions-ekman} and {@code text-goemotions-28}). */
    static final String ENCODER = "text-minilm-l6-v2-q";
    /** Word-piece vocabulary of the encoder's tokenizer (bert-base-uncased). */
    static final int VOCAB = 30522;
    static final float LEXICON_DECAY = 1e-4f;
    static final int MIN_DF = 5;
    /** Ekman heads averaged into the shipped one ({@code -Densemble=N}, default 1). */
    static final int ENSEMBLE = Math.max(1, Integer.getInteger("ensemble", 1));
    /** {@code -DheldOutOnly=true}: embed train only and report the held-out figures that choose an encoder (dev untouched). */
    static final boolean HELD_OUT_ONLY = Boolean.getBoolean("heldOutOnly");

    private TrainTextHeads() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainTextHeads <goemotions folder> <models output folder, or - to write nothing>"
                    + " [embedding cache folder] [encoder ids joined by + (concatenated embeddings); default " + ENCODER + "]");
            System.exit(2);
        }
        List<String> encoders = List.of((args.length > 3 ? args[3] : ENCODER).split("\\+"));
        String suffix = headSuffix(encoders);
        // one PyTorch thread: the same numbers on every run and machine (training is small)
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path data = Path.of(args[0]);
        Path out = args[1].equals("-") ? null : Path.of(args[1]);
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
        List<String> shas = new ArrayList<>();
        float[][] xTrain = null;
        float[][] xDev = null;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                TransformerRunner.MAX_PARALLELISM);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            for (String e : encoders) {
                // an adapted encoder is its base file and its adapter: name both
                var bundle = ModelLocator.fromClasspath(e);
                shas.add(bundle.sha256("model.onnx") + bundle.card().property("adapter.file")
                        .map(f -> " adapter " + bundle.sha256(f)).orElse(""));
                float[][] tr = EmbeddingCache.embed(e, "train", data.resolve("ekman/train.tsv"), ekTrain.texts(), cache, pool, runtime);
                xTrain = concat(xTrain, tr);
                if (!HELD_OUT_ONLY) {
                    xDev = concat(xDev, EmbeddingCache.embed(e, "dev", data.resolve("ekman/dev.tsv"), ekDev.texts(), cache, pool,
                            runtime));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String encoderSha = String.join("+", shas);
        String encoder = String.join("+", encoders);
        int[][] lexTrain;
        int[][] lexDev;
        int vocab;
        try (TextTokenizer tok = TextTokenizer.load(ModelLocator.fromClasspath(encoders.get(0)).file("tokenizer.json"),
                java.util.OptionalLong.empty())) {
            long[] special = {tok.prefix()[0], tok.suffix()[0], tok.padId()};
            lexTrain = WordPieceLexicon.wordPieces(tok, ekTrain.texts(), special);
            lexDev = HELD_OUT_ONLY ? new int[0][] : WordPieceLexicon.wordPieces(tok, ekDev.texts(), special);
        }
        int dim = xTrain[0].length;
        // held-out 10% of train for early stopping and tuning (dev stays untouched)
        int[] perm = TextHeadTrainer.permutation(xTrain.length, new Random(SEED));
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
        lexTrain = WordPieceLexicon.remap(lexTrain, compact);
        lexDev = WordPieceLexicon.remap(lexDev, compact);
        int[] keptIds = kept.stream().mapToInt(Integer::intValue).toArray();
        float[][] zTrain = TextHeadTrainer.standardize(xTrain, mean, std);

        StringBuilder log = new StringBuilder();
        int ek = LabelSet.GOEMOTIONS_EKMAN.size();
        float[][] yEk = TextHeadMetrics.softTargets(ekTrain.labels(), ek);
        double[] classWeight = TextHeadMetrics.classWeights(yEk, fitIdx, ek);
        float[][] yEkWeighted = new float[yEk.length][ek];
        for (int i = 0; i < yEk.length; i++) {
            for (int c = 0; c < ek; c++) {
                yEkWeighted[i][c] = (float) (yEk[i][c] * classWeight[c]);
            }
        }
        int[] valTruthEk = TextHeadMetrics.singleLabelTruth(ekTrain.labels(), valIdx);
        // -Densemble=N: N heads with seeds SEED, SEED+1000, ... merged into one whose logits are their mean
        List<TextHeadTrainer.Trained> members = new ArrayList<>();
        for (int m = 0; m < ENSEMBLE; m++) {
            members.add(TextHeadTrainer.train(ENSEMBLE == 1 ? "ekman" : "ekman-" + m, zTrain, lexTrain, vocab, yEkWeighted, fitIdx,
                    valIdx, false, logits -> TextHeadMetrics.macroF1Top(logits, valTruthEk, ek), log, SEED + 1000L * m));
        }
        TextHeadTrainer.Trained ekHead = TextHeadTrainer.merge(members);
        if (HELD_OUT_ONLY) {
            heldOutReport(encoders, ekHead, zTrain, lexTrain, valIdx, valTruthEk, ekTrain.texts());
            return;
        }
        // per-class logit offsets tuned for macro-F1 on the held-out part
        float[][] valLogits = TextHeadTrainer.forward(ekHead, zTrain, lexTrain, valIdx);
        float[] offsets = TextHeadMetrics.tuneOffsets(valLogits, valTruthEk, ek);
        ekHead.layers().set(1, TextHeadTrainer.withBiasOffsets(ekHead.layers().get(1), offsets));
        DenseHead ekmanHead = new DenseHead(mean, std, ekHead.layers());
        DenseHead ekmanLexicon = new DenseHead(null, null, List.of(ekHead.lexicon()));
        log.append("ekman offsets ").append(Arrays.toString(offsets)).append('\n');
        ClassificationReport ekReport = TextHeadMetrics.evaluateEkman(ekmanHead, ekmanLexicon, xDev, lexDev, ekDev.labels());
        System.out.println("== text-goemotions-ekman on ekman/dev.tsv single-label rows ==");
        System.out.println(ekReport.toText());
        if (Boolean.getBoolean("ekmanOnly")) {
            // -DekmanOnly=true: the Ekman figure alone (encoder comparisons), nothing written
            System.out.printf(Locale.ROOT, "RESULT encoder=%s ekman-dev-macroF1=%.4f ekman-dev-accuracy=%.4f (Ekman head only)%n",
                    String.join("+", encoders), ekReport.macroF1(), ekReport.accuracy());
            return;
        }

        int og = LabelSet.GOEMOTIONS_28.size();
        float[][] yOg = TextHeadMetrics.multiHot(ogTrain.labels(), og);
        float[][] multiVal = TextHeadTrainer.subset(yOg, valIdx);
        TextHeadTrainer.Trained ogHeadTrained = TextHeadTrainer.train("goemotions28", zTrain, lexTrain, vocab, yOg, fitIdx, valIdx, true,
                logits -> TextHeadMetrics.multiLabelMacroF1(TextHeadMetrics.sigmoid(logits), multiVal, null), log);
        float[][] valProb = TextHeadMetrics.sigmoid(TextHeadTrainer.forward(ogHeadTrained, zTrain, lexTrain, valIdx));
        float[] thresholds = TextHeadMetrics.tuneThresholds(valProb, multiVal);
        DenseHead ogHead = new DenseHead(mean, std, ogHeadTrained.layers());
        DenseHead ogLexicon = new DenseHead(null, null, List.of(ogHeadTrained.lexicon()));
        float[][] devProb = new float[xDev.length][];
        for (int i = 0; i < xDev.length; i++) {
            devProb[i] = TextHeadMetrics.sigmoid(TextHeadTrainer.logits(ogHead, ogLexicon, xDev[i], lexDev[i]));
        }
        float[][] devMulti = TextHeadMetrics.multiHot(ogDev.labels(), og);
        double og28MacroF1 = TextHeadMetrics.multiLabelMacroF1(devProb, devMulti, thresholds);
        float[] half = new float[og];
        Arrays.fill(half, 0.5f);
        double og28MacroF1At05 = TextHeadMetrics.multiLabelMacroF1(devProb, devMulti, half);
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
            pred28[j] = TextHeadMetrics.argmax(devProb[i]);
        }
        ClassificationReport og28Top = ClassificationReport.of(LabelSet.GOEMOTIONS_28.labels(), truth28, pred28);
        ClassificationReport og28Folded = TextHeadMetrics.evaluateFolded(devProb, ekDev.labels());
        System.out.printf(Locale.ROOT, "== text-goemotions-28 on original/dev.tsv ==%nmulti-label macro-F1 (tuned thresholds) %.4f, at 0.5 %.4f%n",
                og28MacroF1, og28MacroF1At05);
        System.out.println("top-1 on single-label rows: " + og28Top.toText().lines().findFirst().orElse(""));
        System.out.println("folded to Ekman groups, ekman/dev single-label rows: " + og28Folded.toText().lines().findFirst().orElse(""));
        System.out.println(log);

        double minutes = (System.nanoTime() - t0) / 60e9;
        System.out.printf(Locale.ROOT, "RESULT encoder=%s ekman-dev-macroF1=%.4f ekman-dev-accuracy=%.4f 28-dev-multilabel-macroF1=%.4f"
                + " 28-folded-ekman-macroF1=%.4f%n", encoder, ekReport.macroF1(), ekReport.accuracy(), og28MacroF1, og28Folded.macroF1());
        if (out != null) {
            TextHeadCards.writeEkman(out.resolve("text-goemotions-ekman" + suffix), encoder, ekmanHead, ekmanLexicon, keptIds,
                    ekReport, encoderSha, ekHead.epochs(), minutes);
            TextHeadCards.writeG28(out.resolve("text-goemotions-28" + suffix), encoder, ogHead, ogLexicon, keptIds, thresholds, og28MacroF1,
                    og28MacroF1At05, og28Top, og28Folded, encoderSha, ogHeadTrained.epochs());
        }
        Path report = cache.resolve("training-report" + suffix + ".txt");
        Files.writeString(report, "ekman dev\n" + ekReport.toText() + "\n" + ekReport.toJson() + "\n\n28 dev top1 single-label\n"
                + og28Top.toText() + "\n28 folded\n" + og28Folded.toText() + "\nmulti-label macroF1 tuned=" + og28MacroF1
                + " at0.5=" + og28MacroF1At05 + "\n" + log, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "done in %.1f min; report %s%n", minutes, report);
    }

    /**
     * {@code -DheldOutOnly=true}: the figures that choose among encoders without touching dev: the
     * Ekman head's macro-F1 on the held-out 10% of train (top-1, before the per-class offsets, which
     * are tuned on that part) and the encoder's cost per single call (one text at a time on the
     * calling thread, 3 rounds over 500 held-out texts after 50 warm-up calls; median), then
     * macro-F1 per millisecond.
     */
    private static void heldOutReport(List<String> encoders, TextHeadTrainer.Trained head, float[][] zTrain, int[][] lexTrain,
                                      int[] valIdx, int[] valTruth, List<String> texts) throws Exception {
        float[][] logits = TextHeadTrainer.forward(head, zTrain, lexTrain, valIdx);
        double f1 = TextHeadMetrics.macroF1Top(logits, valTruth, LabelSet.GOEMOTIONS_EKMAN.size());
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(550, valIdx.length); i++) {
            sample.add(texts.get(valIdx[i]));
        }
        double[] rounds = new double[3];
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            List<TransformerRunner> runners = new ArrayList<>();
            for (String e : encoders) {
                runners.add(TransformerRunner.open(ModelLocator.fromClasspath(e), runtime, 32));
            }
            for (String t : sample.subList(0, 50)) {
                runners.forEach(r -> r.run(t));
            }
            for (int round = 0; round < rounds.length; round++) {
                long t0 = System.nanoTime();
                for (String t : sample.subList(50, sample.size())) {
                    runners.forEach(r -> r.run(t));
                }
                rounds[round] = (System.nanoTime() - t0) / 1e6 / (sample.size() - 50);
            }
            runners.forEach(TransformerRunner::close);
        }
        Arrays.sort(rounds);
        double ms = rounds[rounds.length / 2];
        System.out.printf(Locale.ROOT, "RESULT encoder=%s heldout-train-ekman-macroF1=%.4f (n=%d, before offsets)"
                        + " single-call-encoder-ms=%.3f (rounds %s) macroF1-per-ms=%.4f%n", String.join("+", encoders), f1,
                valIdx.length, ms, Arrays.toString(rounds), f1 / ms);
    }

    /** The head id suffix of an encoder list: none for the default MiniLM, else the short encoder names. */
    static String headSuffix(List<String> encoders) {
        if (encoders.equals(List.of(ENCODER))) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String e : encoders) {
            b.append(b.length() == 0 ? "-" : "+").append(shortName(e));
        }
        return b.toString();
    }

    /** {@code text-bge-small-en-v15-q} -> {@code bge-small}; the short names of the {@code text.encoder} option. */
    static String shortName(String encoderId) {
        return switch (encoderId) {
            case ENCODER -> "minilm";
            case "text-bge-small-en-v15-q" -> "bge-small";
            case "text-e5-small-v2-q" -> "e5-small";
            case "text-minilm-meld-lora" -> "minilm-meld";
            case "text-e5-meld-lora" -> "e5-meld";
            case "text-minilm-l3-q" -> "minilm-l3";
            default -> encoderId;
        };
    }

    private static float[][] concat(float[][] a, float[][] b) {
        if (a == null) {
            return b;
        }
        float[][] r = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = Arrays.copyOf(a[i], a[i].length + b[i].length);
            System.arraycopy(b[i], 0, r[i], a[i].length, b[i].length);
        }
        return r;
    }
}
