package io.github.emotion4j.pseudo;

import io.github.emotion4j.training.fusion.FusionTrainer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.Temperature;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.calibration.CalibratedFusion;
import io.github.emotion4j.fusion.calibration.Calibration;
import io.github.emotion4j.fusion.calibration.TemperatureScaling;
import io.github.emotion4j.fusion.eval.FusionEvaluation;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains and measures fusion on a <em>label-aligned pseudo-multimodal</em> set: each example
 * pairs a speech recording, a face image and a text comment that carry the same emotion label.
 * The modalities were <b>paired by label, not recorded together</b>, so the set tests whether
 * fusion combines independent evidence well; it says nothing about the correlations of real
 * multimodal recordings.
 *
 * <p>Input: three TSV files of out-of-sample per-item distributions (written by
 * {@code ExtractDistributions} in this module), columns
 * {@code modality id group label p_anger ... p_neutral}. The classes are the canonical emotions
 * present in all three. Groups (speakers, face subjects, comments) are dealt to {@code folds}
 * folds; the examples of a fold pair only items of that fold, so no speaker, subject or comment is
 * shared between a fold's training and test data. Each recording of a fold is paired
 * {@code pairings} times with a random same-label face and comment of the same fold.
 *
 * <p>Cross-validation: for each fold, the attention and MoE networks are trained on the other folds
 * ({@link FusionTrainer}, which holds out one fifth of the training speakers for early stopping;
 * the per-modality temperatures are fitted on the training folds' unique items), and every strategy is measured on the fold under
 * every modality condition; predictions are pooled over folds. Finally both networks are trained
 * on all folds and written, with their cards, to {@code --out}.
 *
 * <p>With {@code --embeddings text} (a comma list of modalities), each named modality's embeddings
 * are read from the sibling {@code .emb.tsv} of its TSV (written by {@code ExtractDistributions};
 * vision has none), and the embedding variants of both networks (layout {@code dist16+emb-v1},
 * projection size {@code --projection}, default 8) are trained and measured as well, on the same
 * folds, examples and seeds, as strategies {@code attention + embeddings} and
 * {@code moe + embeddings}; with {@code --out} their final models go to {@code <out>/embeddings/}.
 * The per-class recall of every trained network with all modalities is printed.
 *
 * <p>Command: {@code java ... PseudoMultimodalTraining --audio A.tsv --vision V.tsv --text T.tsv
 * [--out dir] [--folds 4] [--pairings 5] [--test-pairings 3] [--seed 42] [--epochs 150] [--tag name]
 * [--embeddings text[,audio]] [--projection 8]}.
 */
public final class PseudoMultimodalTraining {
    private PseudoMultimodalTraining() {
    }

    /** One item of one modality. */
    record Item(Modality modality, String id, String group, Emotion label, double[] p, float[] embedding) {
        Item(Modality modality, String id, String group, Emotion label, double[] p) {
            this(modality, id, group, label, p, null);
        }

        Item withEmbedding(float[] e) {
            return new Item(modality, id, group, label, p, e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        int folds = Integer.parseInt(a.getOrDefault("folds", "4"));
        int pairings = Integer.parseInt(a.getOrDefault("pairings", "5"));
        int testPairings = Integer.parseInt(a.getOrDefault("test-pairings", "3"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "150"));
        String tag = a.getOrDefault("tag", "pseudo");
        int projection = Integer.parseInt(a.getOrDefault("projection", "8"));
        Set<Modality> embedded = EnumSet.noneOf(Modality.class);
        if (a.containsKey("embeddings")) {
            for (String w : a.get("embeddings").split(",")) {
                embedded.add(Modality.parse(w.strip()));
            }
        }
        Map<Modality, List<Item>> items = new EnumMap<>(Modality.class);
        Map<Modality, String> sources = new EnumMap<>(Modality.class);
        Map<Modality, Integer> embeddingSizes = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            Path f = Path.of(required(a, m.word()));
            List<Item> list = read(f, m);
            if (embedded.contains(m)) {
                Map<String, float[]> e = readEmbeddings(ExtractDistributions.embeddingFile(f), m);
                int size = e.values().iterator().next().length;
                embeddingSizes.put(m, size);
                list = list.stream().map(i -> i.withEmbedding(e.get(i.id()))).toList();
                long missing = list.stream().filter(i -> i.embedding() == null).count();
                System.out.printf(Locale.ROOT, "%s embeddings: %d numbers each, %d of %d items without one%n", m.word(),
                        size, missing, list.size());
            }
            items.put(m, list);
            sources.put(m, f.getFileName().toString());
        }
        List<Emotion> classes = new ArrayList<>(Emotion.CANONICAL);
        for (List<Item> list : items.values()) {
            Set<Emotion> present = EnumSet.noneOf(Emotion.class);
            list.forEach(i -> present.add(i.label()));
            classes.retainAll(present);
        }
        items.replaceAll((m, list) -> list.stream().filter(i -> classes.contains(i.label())).toList());
        StringBuilder log = new StringBuilder();
        say(log, "command: PseudoMultimodalTraining " + String.join(" ", args));
        say(log, "classes shared by all three sources: " + classes.stream().map(Emotion::word).toList());
        Random rnd = new Random(seed);
        Map<Modality, Map<String, Integer>> foldOf = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            List<String> groups = new ArrayList<>(new TreeSet<>(items.get(m).stream().map(Item::group).toList()));
            Collections.shuffle(groups, rnd);
            Map<String, Integer> f = new HashMap<>();
            for (int i = 0; i < groups.size(); i++) {
                f.put(groups.get(i), i % folds);
            }
            foldOf.put(m, f);
            Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
            items.get(m).forEach(i -> counts.merge(i.label(), 1, Integer::sum));
            say(log, String.format(Locale.ROOT, "%s: %s, %d items, %d groups, per class %s", m.word(), sources.get(m),
                    items.get(m).size(), groups.size(), counts));
        }
        List<List<FusionExample>> trainSets = new ArrayList<>();
        List<List<FusionExample>> testSets = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            trainSets.add(pair(items, foldOf, f, pairings, new Random(seed * 31 + f)));
            testSets.add(pair(items, foldOf, f, testPairings, new Random(seed * 57 + f)));
        }
        say(log, String.format(Locale.ROOT, "folds: %d; examples per fold (training pairings x%d / test pairings x%d): %s / %s",
                folds, pairings, testPairings, trainSets.stream().map(List::size).toList(),
                testSets.stream().map(List::size).toList()));

        Map<String, Map<String, FusionEvaluation.Predictions>> pooled = new LinkedHashMap<>();
        Map<Modality, List<double[]>> rawTest = new EnumMap<>(Modality.class);
        Map<Modality, List<double[]>> scaledTest = new EnumMap<>(Modality.class);
        Map<Modality, List<Integer>> labelTest = new EnumMap<>(Modality.class);
        Map<String, List<Double>> temps = new TreeMap<>();
        for (int f = 0; f < folds; f++) {
            List<FusionExample> train = new ArrayList<>();
            for (int g = 0; g < folds; g++) {
                if (g != f) {
                    train.addAll(trainSets.get(g));
                }
            }
            List<FusionExample> test = testSets.get(f);
            final int fold = f;
            Map<Modality, Double> t = temperatures(items, foldOf, g -> g != fold);
            FusionTrainer.Result att = trainer(FusionTrainer.Architecture.ATTENTION, classes, seed, epochs, t).fit(train);
            FusionTrainer.Result moe = trainer(FusionTrainer.Architecture.MOE, classes, seed, epochs, t).fit(train);
            FusionTrainer.Result attE = null;
            FusionTrainer.Result moeE = null;
            if (!embedded.isEmpty()) {
                attE = trainer(FusionTrainer.Architecture.ATTENTION, classes, seed, epochs, t, embeddingSizes, projection)
                        .fit(train);
                moeE = trainer(FusionTrainer.Architecture.MOE, classes, seed, epochs, t, embeddingSizes, projection)
                        .fit(train);
                say(log, String.format(Locale.ROOT, "fold %d with embeddings: attention best epoch %d (val loss %.4f), "
                        + "moe best epoch %d (val loss %.4f)", f, attE.bestEpoch(), attE.bestValidationLoss(),
                        moeE.bestEpoch(), moeE.bestValidationLoss()));
            }
            t.forEach((m, v) -> temps.computeIfAbsent(m.word(), k -> new ArrayList<>()).add(v));
            say(log, String.format(Locale.ROOT, "fold %d: train %d, test %d; attention best epoch %d (val loss %.4f), "
                            + "moe best epoch %d (val loss %.4f); temperatures %s", f, train.size(), test.size(),
                    att.bestEpoch(), att.bestValidationLoss(), moe.bestEpoch(), moe.bestValidationLoss(), t));
            Map<String, FusionStrategy> strategies = new LinkedHashMap<>();
            strategies.put("late (average)", Fusions.late());
            strategies.put("product of experts", Fusions.productOfExperts());
            strategies.put("probability-guided", Fusions.probabilityGuided());
            strategies.put("late + calibration", CalibratedFusion.wrap(Fusions.late(), t));
            strategies.put("attention", new AttentionFusion(att.model()));
            strategies.put("moe", new MixtureOfExpertsFusion(moe.model()));
            if (attE != null) {
                strategies.put("attention + embeddings", new AttentionFusion(attE.model()));
                strategies.put("moe + embeddings", new MixtureOfExpertsFusion(moeE.model()));
            }
            for (Modality m : Modality.values()) {
                String key = m.word() + " classifier";
                pooled.computeIfAbsent("single-modality classifiers", k -> new LinkedHashMap<>())
                        .merge(key, FusionEvaluation.classifier(m, test, classes), FusionEvaluation.Predictions::plus);
                for (Item i : items.get(m)) {
                    if (foldOf.get(m).get(i.group()) == f) {
                        rawTest.computeIfAbsent(m, k -> new ArrayList<>()).add(i.p());
                        scaledTest.computeIfAbsent(m, k -> new ArrayList<>()).add(Temperature.apply(i.p(), t.get(m)));
                        labelTest.computeIfAbsent(m, k -> new ArrayList<>()).add(Emotion.CANONICAL.indexOf(i.label()));
                    }
                }
            }
            List<FusionExample> bare = test.stream().map(FusionExample::withoutEmbeddings).toList();
            for (Map.Entry<String, FusionStrategy> s : strategies.entrySet()) {
                for (Map.Entry<String, Set<Modality>> c : FusionEvaluation.conditions().entrySet()) {
                    pooled.computeIfAbsent(s.getKey(), k -> new LinkedHashMap<>()).merge(c.getKey(),
                            FusionEvaluation.predict(s.getValue(), test, classes, c.getValue()),
                            FusionEvaluation.Predictions::plus);
                }
                if (s.getKey().endsWith("+ embeddings")) {
                    // as the timeline fuses segments: distributions without embeddings
                    pooled.get(s.getKey()).merge("all, no embeddings", FusionEvaluation.predict(s.getValue(), bare,
                            classes, EnumSet.allOf(Modality.class)), FusionEvaluation.Predictions::plus);
                }
            }
        }
        Map<String, String> metrics = new TreeMap<>();
        String prefix = "metric." + tag + "-cv" + folds + ".";
        StringBuilder tables = new StringBuilder();
        for (Map.Entry<String, Map<String, FusionEvaluation.Predictions>> s : pooled.entrySet()) {
            List<FusionEvaluation.Row> rows = new ArrayList<>();
            s.getValue().forEach((cond, p) -> rows.add(p.row(cond, classes)));
            String table = FusionEvaluation.table(s.getKey() + " (pooled over " + folds + " folds)", rows);
            tables.append(table);
            say(log, table.stripTrailing());
            for (FusionEvaluation.Row r : rows) {
                String k = prefix + key(s.getKey()) + "." + key(r.condition());
                metrics.put(k + ".accuracy", fmt(r.report().accuracy()));
                metrics.put(k + ".macroF1", fmt(r.report().macroF1()));
            }
        }
        StringBuilder cal = new StringBuilder("calibration on each test fold's unique items (temperatures fitted on the other folds' items, "
                + "which no modality classifier was trained on), expected calibration error, 15 bins, over the 7 canonical classes:\n");
        for (Modality m : Modality.values()) {
            int[] y = labelTest.get(m).stream().mapToInt(Integer::intValue).toArray();
            double before = Calibration.expectedCalibrationError(rawTest.get(m), y);
            double after = Calibration.expectedCalibrationError(scaledTest.get(m), y);
            String line = String.format(Locale.ROOT, "  %-7s T per fold %s  ECE %.4f -> %.4f  NLL %.4f -> %.4f", m.word(),
                    temps.get(m.word()).stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList(), before, after,
                    nll(rawTest.get(m), y), nll(scaledTest.get(m), y));
            cal.append(line).append('\n');
            metrics.put(prefix + "calibration." + m.word() + ".eceBefore", fmt(before));
            metrics.put(prefix + "calibration." + m.word() + ".eceAfter", fmt(after));
        }
        say(log, cal.toString().stripTrailing());
        StringBuilder recall = new StringBuilder("per-class recall, all modalities (pooled):\n  strategy               ");
        classes.forEach(c -> recall.append(String.format(Locale.ROOT, " %10s", c.word())));
        recall.append('\n');
        for (String s : List.of("attention", "moe", "attention + embeddings", "moe + embeddings")) {
            if (!pooled.containsKey(s)) {
                continue;
            }
            var report = pooled.get(s).get("all").row("", classes).report();
            recall.append(String.format(Locale.ROOT, "  %-23s", s));
            for (int c = 0; c < classes.size(); c++) {
                recall.append(String.format(Locale.ROOT, " %10.4f", report.recall(c)));
                metrics.put(prefix + key(s) + ".all.recall." + classes.get(c).word(), fmt(report.recall(c)));
            }
            recall.append('\n');
        }
        say(log, recall.toString().stripTrailing());
        Map<String, FusionEvaluation.Predictions> single = pooled.get("single-modality classifiers");
        double bestSingle = single.values().stream().mapToDouble(p -> p.row("", classes).report().accuracy()).max().orElse(0);
        for (String s : List.of("attention", "moe", "attention + embeddings", "moe + embeddings", "late (average)",
                "product of experts", "probability-guided")) {
            if (!pooled.containsKey(s)) {
                continue;
            }
            double all = pooled.get(s).get("all").row("", classes).report().accuracy();
            say(log, String.format(Locale.ROOT, "%s with all modalities: %.4f vs best single-modality classifier %.4f (%+.4f)",
                    s, all, bestSingle, all - bestSingle));
        }

        if (a.containsKey("out")) {
            Path out = Path.of(a.get("out"));
            List<FusionExample> all = new ArrayList<>();
            trainSets.forEach(all::addAll);
            List<Map<Modality, Integer>> variants = embedded.isEmpty() ? List.of(Map.of()) : List.of(Map.of(), embeddingSizes);
            for (Map<Modality, Integer> sizes : variants) {
                for (FusionTrainer.Architecture arch : FusionTrainer.Architecture.values()) {
                    Map<Modality, Double> tAll = temperatures(items, foldOf, g -> true);
                    FusionTrainer.Result r = (sizes.isEmpty() ? trainer(arch, classes, seed, epochs, tAll)
                            : trainer(arch, classes, seed, epochs, tAll, sizes, projection)).fit(all);
                    Map<String, String> props = new TreeMap<>(metrics);
                    props.put("source", "trained by emotion4j (io.github.emotion4j.pseudo.PseudoMultimodalTraining, "
                            + "DJL PyTorch engine); forward pass in plain Java");
                    props.put("license", "Apache-2.0 (weights); trained on modality-model outputs over the datasets named "
                            + "in trainingData, each under its own terms (EmoDB: free for research use; CK+: non-commercial "
                            + "research; FER2013: research use; GoEmotions: CC BY 4.0)");
                    props.put("trainingData", "label-aligned pseudo-multimodal set (modalities paired by label, NOT recorded "
                            + "together): " + sources + ", classes " + classes.stream().map(Emotion::word).toList());
                    props.put("pairing", "paired by label, not recorded together");
                    props.put("command", "PseudoMultimodalTraining " + String.join(" ", args));
                    FusionModel model = r.model().withProperties(props);
                    Path dir = sizes.isEmpty() ? out.resolve(model.id()) : out.resolve("embeddings").resolve(model.id());
                    model.save(dir);
                    say(log, String.format(Locale.ROOT, "final %s: %d examples, best epoch %d, temperatures %s -> %s",
                            arch.word(), r.trainExamples() + r.validationExamples(), r.bestEpoch(), model.temperatures(), dir));
                }
            }
            Files.writeString(out.resolve(tag + "-report.txt"), log.toString(), StandardCharsets.UTF_8);
        }
    }

    private static FusionTrainer trainer(FusionTrainer.Architecture arch, List<Emotion> classes, long seed, int epochs,
                                         Map<Modality, Double> temperatures) {
        return FusionTrainer.builder(arch).labels(classes).seed(seed).epochs(epochs).patience(25)
                .temperatures(temperatures).build();
    }

    private static FusionTrainer trainer(FusionTrainer.Architecture arch, List<Emotion> classes, long seed, int epochs,
                                         Map<Modality, Double> temperatures, Map<Modality, Integer> embeddingSizes,
                                         int projection) {
        return FusionTrainer.builder(arch).labels(classes).seed(seed).epochs(epochs).patience(25)
                .temperatures(temperatures).embeddings(embeddingSizes, projection).build();
    }

    /** Embeddings by item id from a {@code .emb.tsv} ({@code modality id dimension v_1 ... v_n}). */
    static Map<String, float[]> readEmbeddings(Path tsv, Modality expected) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String[] c = lines.get(n).split("\t");
            if (c.length < 4 || Modality.parse(c[0]) != expected) {
                throw new IOException(tsv + " line " + (n + 1) + ": expected '" + expected.word() + " id dimension values...'");
            }
            int d = Integer.parseInt(c[2]);
            if (c.length != 3 + d) {
                throw new IOException(tsv + " line " + (n + 1) + ": dimension " + d + " but " + (c.length - 3) + " values");
            }
            float[] v = new float[d];
            for (int k = 0; k < d; k++) {
                v[k] = Float.parseFloat(c[3 + k]);
            }
            out.put(c[1], v);
        }
        if (out.isEmpty()) {
            throw new IOException(tsv + ": no embeddings");
        }
        return out;
    }

    /**
     * Per-modality temperatures fitted on the unique items of the chosen folds. The items are
     * held out from each modality's classifier (speaker-independent audio predictions, a face
     * network not trained on these faces, text predictions on GoEmotions' dev split), so they are
     * valid calibration data; the paired examples would repeat each item several times.
     */
    private static Map<Modality, Double> temperatures(Map<Modality, List<Item>> items,
                                                      Map<Modality, Map<String, Integer>> foldOf,
                                                      java.util.function.IntPredicate folds) {
        Map<Modality, Double> t = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            List<double[]> ps = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (Item i : items.get(m)) {
                if (folds.test(foldOf.get(m).get(i.group()))) {
                    ps.add(i.p());
                    ys.add(Emotion.CANONICAL.indexOf(i.label()));
                }
            }
            t.put(m, TemperatureScaling.fit(ps, ys.stream().mapToInt(Integer::intValue).toArray()));
        }
        return t;
    }

    private static List<FusionExample> pair(Map<Modality, List<Item>> items, Map<Modality, Map<String, Integer>> foldOf,
                                            int fold, int times, Random rnd) {
        Map<Modality, Map<Emotion, List<Item>>> pool = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            Map<Emotion, List<Item>> byLabel = new EnumMap<>(Emotion.class);
            for (Item i : items.get(m)) {
                if (foldOf.get(m).get(i.group()) == fold) {
                    byLabel.computeIfAbsent(i.label(), k -> new ArrayList<>()).add(i);
                }
            }
            pool.put(m, byLabel);
        }
        List<FusionExample> out = new ArrayList<>();
        for (Item anchor : pool.get(Modality.AUDIO).values().stream().flatMap(List::stream).toList()) {
            List<Item> faces = pool.get(Modality.VISION).getOrDefault(anchor.label(), List.of());
            List<Item> texts = pool.get(Modality.TEXT).getOrDefault(anchor.label(), List.of());
            if (faces.isEmpty() || texts.isEmpty()) {
                continue;
            }
            for (int k = 0; k < times; k++) {
                Map<Modality, double[]> p = new EnumMap<>(Modality.class);
                Map<Modality, float[]> e = new EnumMap<>(Modality.class);
                Item face = faces.get(rnd.nextInt(faces.size()));
                Item text = texts.get(rnd.nextInt(texts.size()));
                for (Item i : List.of(anchor, face, text)) {
                    p.put(i.modality(), i.p());
                    if (i.embedding() != null) {
                        e.put(i.modality(), i.embedding());
                    }
                }
                out.add(new FusionExample(p, e, anchor.label(), anchor.group()));
            }
        }
        return out;
    }

    static List<Item> read(Path tsv, Modality expected) throws IOException {
        List<Item> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (int n = 1; n < lines.size(); n++) {
            String[] c = lines.get(n).split("\t");
            if (c.length != 11) {
                throw new IOException(tsv + " line " + (n + 1) + ": expected 11 columns, found " + c.length);
            }
            if (Modality.parse(c[0]) != expected) {
                throw new IOException(tsv + " line " + (n + 1) + ": modality " + c[0] + ", expected " + expected.word());
            }
            double[] p = new double[7];
            for (int k = 0; k < 7; k++) {
                p[k] = Double.parseDouble(c[4 + k]);
            }
            out.add(new Item(expected, c[1], c[2], Emotion.parse(c[3]), p));
        }
        return out;
    }

    private static double nll(List<double[]> ps, int[] y) {
        return TemperatureScaling.nll(ps, y, 1);
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void say(StringBuilder log, String line) {
        System.out.println(line);
        log.append(line).append('\n');
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key + " <file>; usage: --audio A.tsv --vision V.tsv --text T.tsv "
                    + "[--out dir] [--folds 4] [--pairings 5] [--test-pairings 3] [--seed 42] [--epochs 150] [--tag name] "
                    + "[--embeddings text[,audio]] [--projection 8]");
        }
        return v;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String k = args[i].substring(2);
            m.put(k, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
        }
        return m;
    }
}
