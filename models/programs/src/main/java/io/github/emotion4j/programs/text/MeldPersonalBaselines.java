package io.github.emotion4j.programs.text;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.personal.PersonRegistry;
import io.github.emotion4j.core.personal.PersonalBaseline;
import io.github.emotion4j.text.classify.EmbeddingHead;
import io.github.emotion4j.text.encoder.TransformerRunner;
import io.github.emotion4j.text.tokenize.TextTokenizer;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Measures personal baselines ({@link PersonalBaseline}) on MELD: for each of the six main
 * characters, k utterances (k = 1 and 5) drawn from their <em>train</em> dialogues adapt the
 * predictions of a no-context text head, and the adapted head is scored on those characters'
 * <em>dev</em> utterances against the same head without adaptation (accuracy, macro-F1,
 * weighted-F1; mean and standard deviation over seeded draws).
 *
 * <p>Two heads over MiniLM-L6 embeddings, both without dialogue context: the shipped GoEmotions
 * Ekman head ({@code text-goemotions-ekman}, never trained on MELD), and a head trained here on
 * MELD train (same architecture and trainer as {@link TrainTextHeads}), cross-fitted over 5 folds
 * of the train dialogues so that its train predictions, from which the baselines are estimated
 * and τ is tuned, are out of sample like dev's. The strength τ is chosen per head and k on <em>train</em> only: adapt
 * with k utterances, score the character's other train utterances; dev is used only for the
 * reported figures. Two controls say whether a gain is personal: the same k utterances drawn from
 * <em>another</em> main character ("other person"), and k neutral utterances of the character
 * ("neutral samples"), and k neutral utterances of another main character ("other neutral").
 *
 * <pre>
 * java -cp ... io.github.emotion4j.programs.text.MeldPersonalBaselines ../shared/data/conversation/meld /tmp/e4j-cache/enc [draws]
 * </pre>
 */
public final class MeldPersonalBaselines {
    static final List<String> MAIN = List.of("Ross", "Rachel", "Chandler", "Monica", "Joey", "Phoebe");
    static final double[] TAUS = {0.5, 1, 2, 5, 10, 20, 50, 200};
    static final int[] KS = {1, 5};
    static final long SEED = 20261201L;

    private MeldPersonalBaselines() {
    }

    record Utterance(String dialogue, String speaker, Emotion label, String text) {
    }

    static List<Utterance> read(Path tsv) throws java.io.IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int d = header.indexOf("dialogue");
        int s = header.indexOf("speaker");
        int l = header.indexOf("label");
        int t = header.indexOf("text");
        if (d < 0 || s < 0 || l < 0 || t < 0) {
            throw new IllegalArgumentException(tsv + ": header needs dialogue, speaker, label, text: " + header);
        }
        List<Utterance> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length < header.size()) {
                throw new IllegalArgumentException(tsv + ":" + (i + 1) + ": " + f.length + " columns, header has " + header.size());
            }
            out.add(new Utterance(f[d], f[s], EmotionLabels.parse(f[l]), f[t]));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: MeldPersonalBaselines <meld folder> <cache folder> [draws, default 10]");
            System.exit(2);
        }
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path meld = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Files.createDirectories(cache);
        List<Utterance> train = read(meld.resolve("train.tsv"));
        List<Utterance> dev = read(meld.resolve("dev.tsv"));
        float[][] xTrain;
        float[][] xDev;
        ExecutorService pool = Executors.newFixedThreadPool(TransformerRunner.MAX_PARALLELISM);
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            xTrain = EmbeddingCache.embed(TrainTextHeads.ENCODER, "meld-train", meld.resolve("train.tsv"),
                    train.stream().map(Utterance::text).toList(), cache, pool, runtime);
            xDev = EmbeddingCache.embed(TrainTextHeads.ENCODER, "meld-dev", meld.resolve("dev.tsv"),
                    dev.stream().map(Utterance::text).toList(), cache, pool, runtime);
        } finally {
            pool.shutdownNow();
        }
        int[][] lexTrain;
        int[][] lexDev;
        long[] special;
        try (TextTokenizer tok = TextTokenizer.load(ModelLocator.fromClasspath(TrainTextHeads.ENCODER).file("tokenizer.json"),
                OptionalLong.empty())) {
            special = new long[] {tok.prefix()[0], tok.suffix()[0], tok.padId()};
            lexTrain = WordPieceLexicon.wordPieces(tok, train.stream().map(Utterance::text).toList(), special);
            lexDev = WordPieceLexicon.wordPieces(tok, dev.stream().map(Utterance::text).toList(), special);
        }
        StringBuilder report = new StringBuilder();
        // head 1: the shipped GoEmotions Ekman head
        EmbeddingHead ekman = EmbeddingHead.load(ModelLocator.fromClasspath("text-goemotions-ekman"));
        Function<Integer, EmotionDistribution> ekTrain = i -> ekman.scores().distribution(
                ekman.probabilities(xTrain[i], toLong(lexTrain[i]), special));
        Function<Integer, EmotionDistribution> ekDev = i -> ekman.scores().distribution(
                ekman.probabilities(xDev[i], toLong(lexDev[i]), special));
        List<Emotion> labels = ekDev.apply(0).labels();
        report.append(measure("text-goemotions-ekman (shipped, GoEmotions-trained)", labels, train, dev, memo(ekTrain, train.size()),
                memo(ekDev, dev.size()), draws));
        // head 2: trained here on MELD train, no context
        Function<Integer, EmotionDistribution>[] meldHead = trainMeldHead(train, xTrain, lexTrain, xDev, lexDev, labels);
        report.append(measure("MELD-trained no-context head (MiniLM, 5-fold cross-fitted, this program)", labels, train, dev, meldHead[0], meldHead[1],
                draws));
        System.out.println(report);
        Files.writeString(cache.resolve("meld-personal-baselines.txt"), report.toString(), StandardCharsets.UTF_8);
    }

    static long[] toLong(int[] ids) {
        long[] r = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            r[i] = ids[i];
        }
        return r;
    }

    static Function<Integer, EmotionDistribution> memo(Function<Integer, EmotionDistribution> f, int n) {
        EmotionDistribution[] all = new EmotionDistribution[n];
        for (int i = 0; i < n; i++) {
            all[i] = f.apply(i);
        }
        return i -> all[i];
    }

    static final int FOLDS = 5;

    /**
     * The MELD no-context head, cross-fitted so that every prediction is out of sample: the train
     * dialogues are cut into {@value #FOLDS} folds; a head trained on four (early stopping on 10% of
     * their dialogues) predicts the fifth; dev gets the mean of the five heads' probabilities.
     */
    @SuppressWarnings("unchecked")
    static Function<Integer, EmotionDistribution>[] trainMeldHead(List<Utterance> train, float[][] xTrain, int[][] lexTrain,
                                                                 float[][] xDev, int[][] lexDev, List<Emotion> labels) {
        int classes = labels.size();
        List<String> dialogues = train.stream().map(Utterance::dialogue).distinct().toList();
        int[] perm = TextHeadTrainer.permutation(dialogues.size(), new Random(SEED));
        Map<String, Integer> foldOf = new HashMap<>();
        for (int j = 0; j < perm.length; j++) {
            foldOf.put(dialogues.get(perm[j]), j % FOLDS);
        }
        EmotionDistribution[] trainPred = new EmotionDistribution[train.size()];
        double[][] devSum = new double[xDev.length][classes];
        for (int f = 0; f < FOLDS; f++) {
            List<Integer> fit = new ArrayList<>();
            List<Integer> val = new ArrayList<>();
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                String d = train.get(i).dialogue();
                int fold = foldOf.get(d);
                if (fold == f) {
                    out.add(i);
                } else if (Math.floorMod(d.hashCode() * 31 + f, 10) == 0) {
                    val.add(i);
                } else {
                    fit.add(i);
                }
            }
            Head h = trainHead(f, train, xTrain, lexTrain, fit.stream().mapToInt(Integer::intValue).toArray(),
                    val.stream().mapToInt(Integer::intValue).toArray(), labels);
            for (int i : out) {
                trainPred[i] = EmotionDistribution.softmax(labels, h.logits(xTrain[i], lexTrain[i]));
            }
            for (int i = 0; i < xDev.length; i++) {
                double[] p = EmotionDistribution.softmax(labels, h.logits(xDev[i], lexDev[i])).probabilities();
                for (int c = 0; c < classes; c++) {
                    devSum[i][c] += p[c] / FOLDS;
                }
            }
        }
        EmotionDistribution[] devPred = new EmotionDistribution[xDev.length];
        for (int i = 0; i < devPred.length; i++) {
            devPred[i] = EmotionDistribution.fromScores(labels, devSum[i]);
        }
        return new Function[] {i -> trainPred[(Integer) i], i -> devPred[(Integer) i]};
    }

    /** A trained head with its standardisation and word-piece remapping. */
    record Head(float[] mean, float[] std, int[] compact, DenseHead head, DenseHead lexicon) {
        double[] logits(float[] x, int[] wordPieces) {
            float[] z = TextHeadTrainer.standardize(new float[][] {x}, mean, std)[0];
            int[] ids = WordPieceLexicon.remap(new int[][] {wordPieces}, compact)[0];
            return toDouble(TextHeadTrainer.logits(head, lexicon, z, ids));
        }
    }

    static Head trainHead(int fold, List<Utterance> train, float[][] xTrain, int[][] lexTrain, int[] fitIdx, int[] valIdx,
                          List<Emotion> labels) {
        int classes = labels.size();
        int dim = xTrain[0].length;
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int i : fitIdx) {
            for (int k = 0; k < dim; k++) {
                mean[k] += xTrain[i][k] / fitIdx.length;
            }
        }
        for (int i : fitIdx) {
            for (int k = 0; k < dim; k++) {
                double d = xTrain[i][k] - mean[k];
                std[k] += (float) (d * d / fitIdx.length);
            }
        }
        for (int k = 0; k < dim; k++) {
            std[k] = (float) Math.sqrt(std[k]) + 1e-6f;
        }
        int[] df = new int[TrainTextHeads.VOCAB];
        for (int i : fitIdx) {
            for (int id : lexTrain[i]) {
                df[id]++;
            }
        }
        int[] compact = new int[TrainTextHeads.VOCAB];
        int vocab = 0;
        for (int id = 0; id < compact.length; id++) {
            compact[id] = df[id] >= TrainTextHeads.MIN_DF ? vocab++ : -1;
        }
        int[][] lt = WordPieceLexicon.remap(lexTrain, compact);
        float[][] zt = TextHeadTrainer.standardize(xTrain, mean, std);
        float[][] y = new float[train.size()][classes];
        for (int i = 0; i < y.length; i++) {
            y[i][labels.indexOf(train.get(i).label())] = 1f;
        }
        double[] w = TextHeadMetrics.classWeights(y, fitIdx, classes);
        for (float[] row : y) {
            for (int c = 0; c < classes; c++) {
                row[c] *= (float) w[c];
            }
        }
        int[] valTruth = Arrays.stream(valIdx).map(i -> labels.indexOf(train.get(i).label())).toArray();
        StringBuilder log = new StringBuilder();
        TextHeadTrainer.Trained t = TextHeadTrainer.train("meld-fold" + fold, zt, lt, vocab, y, fitIdx, valIdx, false,
                logits -> TextHeadMetrics.macroF1Top(logits, valTruth, classes), log);
        return new Head(mean, std, compact, new DenseHead(null, null, t.layers()), new DenseHead(null, null, List.of(t.lexicon())));
    }

    static double[] toDouble(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    record Scores(double accuracy, double macroF1, double weightedF1) {
        static Scores of(ClassificationReport r) {
            double w = 0;
            for (int c = 0; c < r.classes().size(); c++) {
                w += r.support(c) * r.f1(c);
            }
            return new Scores(r.accuracy(), r.macroF1(), w / r.n());
        }
    }

    /** Scores predictions of the utterances {@code idx}, each adapted by its speaker's baseline (when the registry has one). */
    static ClassificationReport score(List<Emotion> labels, List<Utterance> data, List<Integer> idx,
                                      Function<Integer, EmotionDistribution> predict, PersonRegistry people) {
        int[] truth = new int[idx.size()];
        int[] pred = new int[idx.size()];
        for (int j = 0; j < idx.size(); j++) {
            int i = idx.get(j);
            truth[j] = labels.indexOf(data.get(i).label());
            EmotionDistribution d = people.adapt(data.get(i).speaker(), Optional.empty(), predict.apply(i));
            pred[j] = labels.indexOf(d.top().label());
        }
        return ClassificationReport.of(labels.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList(), truth, pred);
    }

    enum Draw { OWN, OTHER_PERSON, OWN_NEUTRAL, OTHER_NEUTRAL }

    /** One registry: for each main character, k of {@code pool}'s utterances (by draw kind) with their labels. */
    static PersonRegistry registry(List<Utterance> train, Map<String, List<Integer>> byPerson, int k, double tau, Draw kind,
                                   Function<Integer, EmotionDistribution> predict, Random rnd, Map<String, List<Integer>> used) {
        PersonRegistry r = new PersonRegistry();
        for (int p = 0; p < MAIN.size(); p++) {
            String person = MAIN.get(p);
            boolean other = kind == Draw.OTHER_PERSON || kind == Draw.OTHER_NEUTRAL;
            String source = other ? MAIN.get((p + 1 + rnd.nextInt(MAIN.size() - 1)) % MAIN.size()) : person;
            List<Integer> candidates = byPerson.get(source);
            if (kind == Draw.OWN_NEUTRAL || kind == Draw.OTHER_NEUTRAL) {
                candidates = candidates.stream().filter(i -> train.get(i).label() == Emotion.NEUTRAL).toList();
            }
            List<Integer> shuffled = new ArrayList<>(candidates);
            java.util.Collections.shuffle(shuffled, rnd);
            List<Integer> pick = shuffled.subList(0, k);
            used.put(person, pick);
            PersonalBaseline.Builder b = PersonalBaseline.builder(person).strength(tau);
            for (int i : pick) {
                b.addSample(predict.apply(i), train.get(i).label());
            }
            r.register(b.build());
        }
        return r;
    }

    static String measure(String name, List<Emotion> labels, List<Utterance> train, List<Utterance> dev,
                          Function<Integer, EmotionDistribution> predTrain, Function<Integer, EmotionDistribution> predDev, int draws) {
        Map<String, List<Integer>> trainBy = new LinkedHashMap<>();
        List<Integer> devMain = new ArrayList<>();
        for (String p : MAIN) {
            trainBy.put(p, new ArrayList<>());
        }
        for (int i = 0; i < train.size(); i++) {
            List<Integer> l = trainBy.get(train.get(i).speaker());
            if (l != null) {
                l.add(i);
            }
        }
        for (int i = 0; i < dev.size(); i++) {
            if (MAIN.contains(dev.get(i).speaker())) {
                devMain.add(i);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "== %s ==%nMELD dev utterances of the six main characters: n=%d; train utterances of them: %s%n",
                name, devMain.size(), trainBy.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList()));
        ClassificationReport none = score(labels, dev, devMain, predDev, new PersonRegistry());
        Scores base = Scores.of(none);
        out.append(String.format(Locale.ROOT, "no personalisation: accuracy %.4f, macro-F1 %.4f, weighted-F1 %.4f%n", base.accuracy(),
                base.macroF1(), base.weightedF1()));
        out.append(none.toText());
        for (Draw kind : Draw.values()) {
            for (int k : KS) {
                // tau on train: adapt with k train utterances, score the other train utterances of the six
                double bestTau = TAUS[0];
                double bestScore = -1;
                StringBuilder tuning = new StringBuilder();
                for (double tau : TAUS) {
                    double sum = 0;
                    Random rnd = new Random(SEED + 7919L * k + kind.ordinal());
                    for (int r = 0; r < draws; r++) {
                        Map<String, List<Integer>> used = new HashMap<>();
                        PersonRegistry reg = registry(train, trainBy, k, tau, kind, predTrain, rnd, used);
                        List<Integer> rest = new ArrayList<>();
                        for (String p : MAIN) {
                            for (int i : trainBy.get(p)) {
                                if (!used.get(p).contains(i)) {
                                    rest.add(i);
                                }
                            }
                        }
                        sum += Scores.of(score(labels, train, rest, predTrain, reg)).weightedF1();
                    }
                    tuning.append(String.format(Locale.ROOT, " tau %.1f: %.4f;", tau, sum / draws));
                    if (sum / draws > bestScore) {
                        bestScore = sum / draws;
                        bestTau = tau;
                    }
                }
                // dev: fresh draws from train, tau fixed
                double[][] s = new double[3][draws];
                Random rnd = new Random(SEED + 104729L * k + 31L * kind.ordinal());
                for (int r = 0; r < draws; r++) {
                    PersonRegistry reg = registry(train, trainBy, k, bestTau, kind, predTrain, rnd, new HashMap<>());
                    Scores sc = Scores.of(score(labels, dev, devMain, predDev, reg));
                    s[0][r] = sc.accuracy();
                    s[1][r] = sc.macroF1();
                    s[2][r] = sc.weightedF1();
                }
                out.append(String.format(Locale.ROOT, "%s k=%d (tau %.1f picked on train by weighted-F1 of the other train utterances;%s)%n"
                        + "  dev over %d draws: accuracy %.4f +- %.4f, macro-F1 %.4f +- %.4f, weighted-F1 %.4f +- %.4f"
                        + " (change in weighted-F1 %+.4f; min %.4f, max %.4f)%n",
                        kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), k, bestTau, tuning, draws, mean(s[0]), sd(s[0]), mean(s[1]),
                        sd(s[1]), mean(s[2]), sd(s[2]), mean(s[2]) - base.weightedF1(), Arrays.stream(s[2]).min().orElse(0),
                        Arrays.stream(s[2]).max().orElse(0)));
            }
        }
        return out.append('\n').toString();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
    }
}
