package io.github.emotion4j.programs.conversation;

import io.github.emotion4j.core.eval.ClassificationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains the dialogue context model on MELD (and a separate one on EmoryNLP for its figures), runs
 * the encoder comparison and the ablations, and writes {@code text-dialogue-context} with its card.
 *
 * <pre>
 * nice -n 10 java -cp ... io.github.emotion4j.programs.conversation.TrainDialogueContext \
 *     ../shared/data/conversation /tmp/e4j-cache/ctx models/src/main/resources/io/github/emotion4j/models
 * </pre>
 * Arguments: the conversation data folder ({@code meld/}, {@code emorynlp/}), a cache folder
 * (features of {@link UtteranceFeatures}, trained nets under {@code runs/}), the models output
 * folder (or {@code -} to write nothing), then optional stages ({@code encoders}, {@code ablations},
 * {@code emory}, {@code write}; default all; {@code select} compares the feature sets of
 * {@code -Dcontext.candidates} on the held-out train dialogues only, and alone it stops there).
 *
 * <p>Selection: every net stops early on the weighted-F1 of a held-out 10% of the train
 * dialogues (seeded); the feature set and the class-weight power were chosen on MELD dev (the issue
 * allows tuning on dev), so MELD dev figures are selection figures, not held-out ones.
 */
public final class TrainDialogueContext {
    static final long SEED = 20261201L;
    static final int WINDOW = 64;
    static final int HIDDEN = 128;

    private TrainDialogueContext() {
    }

    /** One corpus with its train/held-out/dev dialogues as items for a feature set. */
    record Split(String corpus, List<String> labels, List<DialogueBatch.Item> fit, List<DialogueBatch.Item> heldOut,
                 List<DialogueBatch.Item> dev, float[] mean, float[] std) {
    }

    /** One trained net evaluated on dev. */
    record Run(String name, NetSpec spec, ContextTrainer.Trained trained, ClassificationReport dev) {
    }

    static ContextTrainer.Config config(double classWeightPower) {
        // -Dcontext.inputDropout: the shipped models use 0.2
        double inputDropout = Double.parseDouble(System.getProperty("context.inputDropout", "0.2"));
        return new ContextTrainer.Config(40, 6, 16, 1e-3, 1e-2, inputDropout, 0.3, classWeightPower, 0.5, WINDOW, SEED);
    }

    static NetSpec full() {
        return new NetSpec("ctx", "context", HIDDEN, 2, 2, true, true, false, true);
    }

    static NetSpec baseline() {
        return new NetSpec("base", "baseline", HIDDEN, 0, 0, true, false, false, false);
    }

    static Map<String, NetSpec> ablations() {
        Map<String, NetSpec> m = new LinkedHashMap<>();
        NetSpec f = full();
        m.put("no identity masking", new NetSpec("ctx", "context", HIDDEN, 2, 2, false, true, false, true));
        m.put("no same-speaker heads", new NetSpec("ctx", "context", HIDDEN, 0, 4, true, true, false, true));
        m.put("no other-speaker heads", new NetSpec("ctx", "context", HIDDEN, 4, 0, true, true, false, true));
        m.put("no attention", new NetSpec("ctx", "context", HIDDEN, 0, 0, true, true, false, true));
        m.put("no GRU", new NetSpec("ctx", "context", HIDDEN, 2, 2, true, false, false, true));
        m.put("no label transition", new NetSpec("ctx", "context", HIDDEN, 2, 2, true, true, false, false));
        m.put("bidirectional", new NetSpec("bi", "bidirectional", HIDDEN, 2, 2, true, true, true, true));
        return m;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TrainDialogueContext <conversation data> <cache> <models out|-> [stages]");
            System.exit(2);
        }
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path data = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        List<String> stages = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of("encoders", "ablations", "emory", "write");
        StringBuilder log = new StringBuilder();
        if (stages.contains("encoders")) {
            log.append("== MELD dev, encoders (no context vs full context; weighted-F1 / macro-F1 / accuracy) ==\n");
            for (String feats : List.of("minilm", "minilm+goemo", "bge", "e5", "bge+goemo", "bge+e5", "minilm+bge+e5+goemo")) {
                for (double cw : new double[] {0, 0.5}) {
                    Split s = split(data, cache, "meld", feats);
                    for (NetSpec spec : List.of(baseline(), full())) {
                        Run r = run(s, feats, spec, config(cw), cache);
                        log.append(line(feats + " cw" + cw + " " + (spec.role().equals("baseline") ? "no context" : "context"), r));
                        System.out.print(log.substring(log.lastIndexOf("\n", log.length() - 2) + 1));
                    }
                }
            }
            Files.writeString(cache.resolve("report-encoders.txt"), log.toString(), StandardCharsets.UTF_8);
        }
        if (stages.contains("select")) {
            // candidate feature sets (-Dcontext.candidates=a,b+c,...) compared on the held-out train dialogues only
            log.append("== MELD held-out train dialogues (the early-stopping 10%), weighted-F1: no context / full context ==\n");
            for (String feats : System.getProperty("context.candidates", SHIPPED_FEATURES).split(",")) {
                Split s = split(data, cache, "meld", feats);
                double base = run(s, feats, baseline(), config(SHIPPED_CW), cache).trained().heldOutWeightedF1();
                double ctx = run(s, feats, full(), config(SHIPPED_CW), cache).trained().heldOutWeightedF1();
                log.append(String.format(Locale.ROOT, "%-28s %.4f / %.4f%n", feats, base, ctx));
                System.out.print(log.substring(log.lastIndexOf("\n", log.length() - 2) + 1));
            }
            if (stages.size() == 1) {
                Files.writeString(cache.resolve("report-select.txt"), log.toString(), StandardCharsets.UTF_8);
                System.out.println(log);
                return;
            }
        }
        if (stages.contains("ensemble")) {
            // -Dcontext.ensemble=N seeds of the full causal net, softmax outputs averaged; rule fixed before the run:
            // an ensemble is worth shipping only if it beats the single net on the held-out train dialogues
            int n = Integer.getInteger("context.ensemble", 5);
            Split s = split(data, cache, "meld", SHIPPED_FEATURES);
            int k = s.labels().size();
            List<List<float[][]>> held = new ArrayList<>();
            List<List<float[][]>> dev = new ArrayList<>();
            log.append("== ").append(SHIPPED_FEATURES).append(": seeds of the full causal net, weighted-F1 held-out train / MELD dev ==\n");
            for (int i = 0; i < n; i++) {
                ContextTrainer.Config c = config(SHIPPED_CW);
                c = new ContextTrainer.Config(c.epochs(), c.patience(), c.batchSize(), c.learningRate(), c.weightDecay(),
                        c.inputDropout(), c.hiddenDropout(), c.classWeightPower(), c.goldProbability(), c.window(), SEED + i);
                Run r = run(s, SHIPPED_FEATURES, full(), c, cache);
                held.add(ContextTrainer.logits(full(), r.trained().params(), r.trained().shapes(), s.heldOut(), k, s.mean(), s.std(),
                        c.window(), true));
                dev.add(ContextTrainer.logits(full(), r.trained().params(), r.trained().shapes(), s.dev(), k, s.mean(), s.std(),
                        c.window(), true));
                log.append(String.format(Locale.ROOT, "seed %d: %.4f / %.4f; mean of %d seeds: %.4f / %.4f%n", SEED + i,
                        averagedF1(held.subList(i, i + 1), s.heldOut(), s.labels()), averagedF1(dev.subList(i, i + 1), s.dev(), s.labels()),
                        i + 1, averagedF1(held, s.heldOut(), s.labels()), averagedF1(dev, s.dev(), s.labels())));
                System.out.print(log.substring(log.lastIndexOf("\n", log.length() - 2) + 1));
            }
            Files.writeString(cache.resolve("report-ensemble-" + SHIPPED_FEATURES + ".txt"), log.toString(), StandardCharsets.UTF_8);
            if (stages.size() == 1) {
                return;
            }
        }
        // the shipped model reads what emotion-text computes on its own: the MiniLM sentence embedding
        Split meld = split(data, cache, "meld", SHIPPED_FEATURES);
        Split emory = split(data, cache, "emorynlp", SHIPPED_FEATURES);
        Map<String, Run> meldRuns = new LinkedHashMap<>();
        Map<String, Run> emoryRuns = new LinkedHashMap<>();
        if (stages.contains("ablations") || stages.contains("write")) {
            meldRuns.put("no context", run(meld, SHIPPED_FEATURES, baseline(), config(SHIPPED_CW), cache));
            meldRuns.put("full context (causal)", run(meld, SHIPPED_FEATURES, full(), config(SHIPPED_CW), cache));
            for (Map.Entry<String, NetSpec> a : ablations().entrySet()) {
                meldRuns.put(a.getKey(), run(meld, SHIPPED_FEATURES, a.getValue(), config(SHIPPED_CW), cache));
            }
        }
        if (stages.contains("emory") || stages.contains("write")) {
            emoryRuns.put("no context", run(emory, SHIPPED_FEATURES, baseline(), config(SHIPPED_CW), cache));
            emoryRuns.put("full context (causal)", run(emory, SHIPPED_FEATURES, full(), config(SHIPPED_CW), cache));
            for (Map.Entry<String, NetSpec> a : ablations().entrySet()) {
                emoryRuns.put(a.getKey(), run(emory, SHIPPED_FEATURES, a.getValue(), config(SHIPPED_CW), cache));
            }
        }
        if (stages.contains("joint")) {
            // EmoryNLP train mapped onto the canonical labels, added to MELD's fitting part (not shipped)
            Split joint = joint(meld, emory);
            log.append("\n== MELD dev, trained on MELD + EmoryNLP train (mapping ").append(EMORY_TO_MELD).append(") ==\n");
            log.append(line("joint no context", run(joint, SHIPPED_FEATURES, baseline(), config(SHIPPED_CW), cache)));
            log.append(line("joint full context", run(joint, SHIPPED_FEATURES, full(), config(SHIPPED_CW), cache)));
        }
        if (stages.contains("sampling")) {
            log.append("\n== MELD dev, label-transition training: teacher forcing (gold 1.0), scheduled sampling (0.5, shipped), own predictions (0.0) ==\n");
            for (double gold : new double[] {1.0, 0.0}) {
                ContextTrainer.Config c = config(SHIPPED_CW);
                c = new ContextTrainer.Config(c.epochs(), c.patience(), c.batchSize(), c.learningRate(), c.weightDecay(), c.inputDropout(),
                        c.hiddenDropout(), c.classWeightPower(), gold, c.window(), c.seed());
                log.append(line("full context, gold " + gold, run(meld, SHIPPED_FEATURES, full(), c, cache)));
            }
        }
        if (!meldRuns.isEmpty()) {
            log.append("\n== ").append(SHIPPED_FEATURES).append(" cw").append(SHIPPED_CW)
                    .append(": MELD dev | EmoryNLP dev (weighted-F1 / macro-F1 / accuracy) ==\n");
            log.append(sideBySide(meldRuns, emoryRuns));
            for (String name : List.of("no context", "full context (causal)", "bidirectional")) {
                log.append("\n-- MELD dev, ").append(name).append(" --\n").append(meldRuns.get(name).dev().toText());
                if (emoryRuns.containsKey(name)) {
                    log.append("-- EmoryNLP dev, ").append(name).append(" --\n").append(emoryRuns.get(name).dev().toText());
                }
            }
        }
        Files.writeString(cache.resolve("report-" + String.join("-", stages) + ".txt"), log.toString(), StandardCharsets.UTF_8);
        System.out.println(log);
        if (stages.contains("write") && !args[2].equals("-")) {
            ContextCard.write(Path.of(args[2]).resolve(DialogueContextModelId.ID), meld, meldRuns, emoryRuns,
                    readIfThere(cache.resolve("report-encoders.txt")),
                    readIfThere(cache.resolve("report-joint.txt")) + readIfThere(cache.resolve("report-sampling.txt")), config(SHIPPED_CW));
        }
    }

    /** EmoryNLP label -> MELD label index (joyful, mad, neutral, peaceful, powerful, sad, scared). */
    static final Map<String, String> EMORY_TO_MELD = new LinkedHashMap<>(Map.of("joyful", "joy", "mad", "anger", "neutral", "neutral",
            "peaceful", "neutral", "powerful", "joy", "sad", "sadness", "scared", "fear"));

    static Split joint(Split meld, Split emory) {
        int[] map = new int[emory.labels().size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = meld.labels().indexOf(EMORY_TO_MELD.get(emory.labels().get(i)));
        }
        List<DialogueBatch.Item> fit = new ArrayList<>(meld.fit());
        for (List<DialogueBatch.Item> part : List.of(emory.fit(), emory.heldOut())) {
            for (DialogueBatch.Item it : part) {
                fit.add(new DialogueBatch.Item(it.x(), it.speakers(), Arrays.stream(it.labels()).map(y -> map[y]).toArray()));
            }
        }
        return new Split("meld+emorynlp", meld.labels(), fit, meld.heldOut(), meld.dev(), meld.mean(), meld.std());
    }

    /**
     * The features of the written model: {@code minilm} (the bundled {@code text-dialogue-context}) or,
     * with {@code -Dcontext.features=minilm-meld}, the MELD-adapted MiniLM
     * ({@code text-dialogue-context-minilm-meld}, in emotion4j-models-text-encoders).
     */
    static final String SHIPPED_FEATURES = System.getProperty("context.features", "minilm");
    static final double SHIPPED_CW = 0.0;

    /** The card id of the encoder whose embeddings {@link #SHIPPED_FEATURES} are. */
    static String shippedEncoderId() {
        return switch (SHIPPED_FEATURES) {
            case "minilm" -> "text-minilm-l6-v2-q";
            case "minilm-meld", "minilm-meld-logits" -> "text-minilm-meld-lora";
            case "e5-meld" -> "text-e5-meld-lora";
            default -> throw new IllegalArgumentException("context.features must be minilm, minilm-meld or e5-meld: " + SHIPPED_FEATURES);
        };
    }

    /** The card's id, in one place. */
    static final class DialogueContextModelId {
        static final String ID = io.github.emotion4j.text.conversation.DialogueContextModel.DEFAULT_ID
                + (SHIPPED_FEATURES.equals("minilm") ? "" : "-" + SHIPPED_FEATURES);

        private DialogueContextModelId() {
        }
    }

    static String sideBySide(Map<String, Run> meld, Map<String, Run> emory) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-26s | %-24s | %-24s%n", "model", "MELD dev wF1 mF1 acc",
                "EmoryNLP dev wF1 mF1 acc"));
        for (Map.Entry<String, Run> e : meld.entrySet()) {
            Run m = e.getValue();
            Run o = emory.get(e.getKey());
            sb.append(String.format(Locale.ROOT, "%-26s | %.4f %.4f %.4f    | %s%n", e.getKey(), ContextTrainer.weightedF1(m.dev()),
                    m.dev().macroF1(), m.dev().accuracy(), o == null ? "-" : String.format(Locale.ROOT, "%.4f %.4f %.4f",
                            ContextTrainer.weightedF1(o.dev()), o.dev().macroF1(), o.dev().accuracy())));
        }
        return sb.toString();
    }

    private static String readIfThere(Path p) throws java.io.IOException {
        return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() + "\n" : "";
    }

    static String line(String name, Run r) {
        return String.format(Locale.ROOT, "%-40s wF1 %.4f  mF1 %.4f  acc %.4f  (held-out wF1 %.4f, epoch %d, %.0f s)%n", name,
                ContextTrainer.weightedF1(r.dev()), r.dev().macroF1(), r.dev().accuracy(), r.trained().heldOutWeightedF1(),
                r.trained().bestEpoch(), r.trained().seconds());
    }

    static Run run(Split s, String feats, NetSpec spec, ContextTrainer.Config cfg, Path cache) throws Exception {
        String key = s.corpus() + "-" + feats + "-" + spec.key() + "-" + Integer.toHexString(cfg.describe().hashCode());
        Path file = cache.resolve("runs").resolve(key + ".bin");
        Path meta = cache.resolve("runs").resolve(key + ".txt");
        ContextTrainer.Trained t;
        if (Files.isRegularFile(file) && Files.isRegularFile(meta)) {
            Map<String, int[]> shapes = new LinkedHashMap<>();
            Map<String, float[]> params = WeightsFile.read(file, shapes);
            String[] m = Files.readString(meta).strip().split(" ");
            t = new ContextTrainer.Trained(spec, params, shapes, Integer.parseInt(m[0]), Double.parseDouble(m[1]), Double.parseDouble(m[2]));
        } else {
            t = ContextTrainer.train(spec, s.fit(), s.heldOut(), s.labels().size(), s.mean(), s.std(), cfg);
            WeightsFile.write(file, t.shapes(), t.params());
            Files.writeString(meta, t.bestEpoch() + " " + t.heldOutWeightedF1() + " " + t.seconds());
        }
        ClassificationReport dev = relabel(ContextTrainer.report(spec, t.params(), t.shapes(), s.dev(), s.labels().size(),
                s.mean(), s.std(), cfg.window(), !spec.bidirectional()), s.labels());
        return new Run(key, spec, t, dev);
    }

    /** Weighted-F1 of the argmax of the nets' softmax outputs averaged, turn by turn. */
    static double averagedF1(List<List<float[][]>> nets, List<DialogueBatch.Item> items, List<String> labels) {
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        for (int d = 0; d < items.size(); d++) {
            for (int t = 0; t < items.get(d).labels().length; t++) {
                double[] p = new double[labels.size()];
                for (List<float[][]> net : nets) {
                    double[] q = io.github.emotion4j.core.head.DenseHead.softmax(net.get(d)[t]);
                    for (int c = 0; c < q.length; c++) {
                        p[c] += q[c];
                    }
                }
                int arg = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[arg]) {
                        arg = c;
                    }
                }
                truth.add(items.get(d).labels()[t]);
                pred.add(arg);
            }
        }
        return ContextTrainer.weightedF1(ClassificationReport.of(labels, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray()));
    }

    static ClassificationReport relabel(ClassificationReport r, List<String> labels) {
        return new ClassificationReport(labels, r.confusion());
    }

    private static final Map<String, Split> SPLITS = new HashMap<>();

    static Split split(Path data, Path cache, String corpus, String feats) throws Exception {
        String key = corpus + "/" + feats;
        Split cached = SPLITS.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> labels = corpus.equals("meld") ? DialogueCorpus.MELD_LABELS : DialogueCorpus.EMORY_LABELS;
        Path trainTsv = data.resolve(corpus).resolve("train.tsv");
        Path devTsv = data.resolve(corpus).resolve("dev.tsv");
        DialogueCorpus train = DialogueCorpus.read(trainTsv, corpus + "/train", labels);
        DialogueCorpus dev = DialogueCorpus.read(devTsv, corpus + "/dev", labels);
        float[][] xTrain = features(feats, train, trainTsv, cache);
        float[][] xDev = features(feats, dev, devTsv, cache);
        List<DialogueBatch.Item> all = items(train, xTrain);
        List<DialogueBatch.Item> devItems = items(dev, xDev);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, new Random(SEED));
        int nHeld = all.size() / 10;
        List<DialogueBatch.Item> held = new ArrayList<>();
        List<DialogueBatch.Item> fit = new ArrayList<>();
        for (int j = 0; j < idx.size(); j++) {
            (j < nHeld ? held : fit).add(all.get(idx.get(j)));
        }
        int d = xTrain[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        long n = 0;
        for (DialogueBatch.Item it : fit) {
            for (float[] row : it.x()) {
                for (int c = 0; c < d; c++) {
                    mean[c] += row[c];
                }
                n++;
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        for (DialogueBatch.Item it : fit) {
            for (float[] row : it.x()) {
                for (int c = 0; c < d; c++) {
                    std[c] += (row[c] - mean[c]) * (row[c] - mean[c]);
                }
            }
        }
        for (int c = 0; c < d; c++) {
            std[c] = (float) Math.sqrt(std[c] / n) + 1e-6f;
        }
        Split s = new Split(corpus, labels, fit, held, devItems, mean, std);
        SPLITS.put(key, s);
        return s;
    }

    /**
     * With {@code -Dcontext.crossFitted=true}, MELD train's {@code minilm-meld} features are the
     * out-of-fold vectors {@link FineTuneMiniLm} wrote ({@code -Dfolds=K}): the encoder was fine-tuned on
     * MELD train, so its own vectors of those utterances are better than any it gives for new ones, and a
     * context model trained on them learns to trust the utterance alone.
     */
    static final boolean CROSS_FITTED = Boolean.getBoolean("context.crossFitted");

    static float[][] features(String feats, DialogueCorpus c, Path tsv, Path cache) throws Exception {
        if (CROSS_FITTED && feats.equals("minilm-meld") && c.name().equals("meld/train")) {
            Path f = UtteranceFeatures.file(UtteranceFeatures.Encoder.MINILM_MELD, c, tsv, cache);
            Path oof = f.resolveSibling(f.getFileName().toString().replace("minilm-meld-", "minilm-meld-oof-"));
            float[][] x = UtteranceFeatures.read(oof, c.texts().size());
            if (x == null) {
                throw new IllegalStateException(oof + " is missing: run FineTuneMiniLm with -Dfolds=K first");
            }
            return x;
        }
        List<float[][]> blocks = new ArrayList<>();
        for (String f : feats.split("\\+")) {
            blocks.add(UtteranceFeatures.of(UtteranceFeatures.Encoder.parse(f), c, tsv, cache));
        }
        return blocks.size() == 1 ? blocks.get(0) : UtteranceFeatures.concat(blocks);
    }

    static List<DialogueBatch.Item> items(DialogueCorpus c, float[][] x) {
        List<DialogueBatch.Item> out = new ArrayList<>();
        int at = 0;
        for (DialogueCorpus.Dialogue d : c.dialogues()) {
            out.add(new DialogueBatch.Item(Arrays.copyOfRange(x, at, at + d.size()), d.speakers(), d.labels()));
            at += d.size();
        }
        return out;
    }
}
