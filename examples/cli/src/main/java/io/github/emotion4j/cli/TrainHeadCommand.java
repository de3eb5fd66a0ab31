package io.github.emotion4j.cli;

import io.github.emotion4j.training.head.HeadTrainer;
import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.cli.AudioHeadTraining;
import io.github.emotion4j.training.head.HeadFolder;
import io.github.emotion4j.training.head.LinearProbe;
import io.github.emotion4j.vision.expression.ExpressionHead;
import io.github.emotion4j.vision.expression.ExpressionNet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emotion4j train-head}: embeds the user's labelled data with the modality's bundled
 * encoder (the embeddings every {@code ModalityResult} carries), fits a logistic-regression head,
 * reports it on a stratified held-out part, refits on everything and writes a model folder that
 * {@code analyze --model DIR} and {@code EmotionRecognizer.builder().model(modality, DIR)} load.
 * For vision the "embedding" is the bundled face-expression network's seven probabilities per
 * image as {@link ExpressionHead#features clamped log-probabilities}, the input emotion-vision
 * feeds a head folder at inference time.
 */
@Command(name = "train-head", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fits a classification head on your labelled data with the bundled encoder and writes a model "
                + "folder (head.bin, model.properties, MODEL_CARD.md) usable by analyze --model DIR.",
                "text: logistic regression on MiniLM sentence embeddings; vision: logistic regression on the bundled "
                        + "face-expression network's log-probabilities; audio: emotion-audio's MLP ensemble (DJL) on its "
                        + "prosody features. Data as for evaluate: one sub-folder per label, or a GoEmotions-style TSV."})
public final class TrainHeadCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--modality", required = true, paramLabel = "audio|vision|text", description = "The modality.")
    String modality;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.tsv", description = "Labelled data.")
    Path data;

    @Option(names = "--labels", paramLabel = "labels.txt", description = "Label words in id order for a TSV.")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Option(names = "--id", paramLabel = "ID", description = "Model id (default: the folder name).")
    String id;

    @Option(names = "--holdout", paramLabel = "F", defaultValue = "0.2",
            description = "Fraction per class held out for the reported figures (default: ${DEFAULT-VALUE}; 0 = none).")
    double holdout;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Training passes (default: 300 full-batch steps for text and vision, 150 epochs for audio).")
    Integer epochs;

    @Option(names = "--members", paramLabel = "N", defaultValue = "5",
            description = "Audio: ensemble members packed into the head (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--l2", paramLabel = "X", defaultValue = "0.001", description = "L2 penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the held-out split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N examples per class (0 = all).")
    int limit;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel embedding (default: the number of CPU cores).")
    Integer threads;

    @Option(names = "--face-crops", description = "Vision: every image is a face crop, skip face detection (vision.detect=never); "
            + "as for evaluate.")
    boolean faceCrops;

    @Mixin
    RecognizerOptions recognizer;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Modality m = Modality.parse(modality);
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be in [0, 1), was " + holdout);
        }
        if (faceCrops) {
            if (m != Modality.VISION) {
                throw new IllegalArgumentException("--face-crops applies to --modality vision only");
            }
            recognizer.options.put("vision.detect", "never");
        }
        if (m == Modality.VISION && recognizer.modelModalities().contains(m)) {
            throw new IllegalArgumentException("train-head --modality vision fits a head on the bundled "
                    + ExpressionNet.MODEL_ID + "; drop --model for vision");
        }
        LabelledData d = LabelledData.read(data, m, Optional.ofNullable(labels), limit);
        if (d.classes().size() < 2) {
            throw new IllegalArgumentException("need at least two labels to train a head; found " + d.classes());
        }
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        String encoder;
        int noEmbedding = 0;
        long start = System.nanoTime();
        int nThreads = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(nThreads);
        try {
            if (m == Modality.AUDIO) {
                encoder = AudioHeadTraining.FEATURES;
                List<Future<float[]>> futures = new ArrayList<>();
                for (LabelledData.Example ex : d.examples()) {
                    Path file = ex.input().file().orElseThrow();
                    futures.add(pool.submit(() -> AudioHeadTraining.features(file, 600)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    xs.add(get(futures.get(i), d.examples().get(i)));
                    ys.add(d.classes().indexOf(d.examples().get(i).truth()));
                }
            } else {
                String enc = null;
                EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().modalities(m);
                recognizer.apply(b);
                if (m == Modality.VISION) {
                    // a vision head reads face-expression-net's probabilities, whatever vision.expression's default is
                    b.option("vision.expression", "face-expression-net");
                }
                try (EmotionRecognizer r = b.build()) {
                    List<Future<EmotionPrediction>> futures = new ArrayList<>();
                    for (LabelledData.Example ex : d.examples()) {
                        futures.add(pool.submit(() -> r.predict(ex.input())));
                    }
                    for (int i = 0; i < futures.size(); i++) {
                        LabelledData.Example ex = d.examples().get(i);
                        ModalityResult res = get(futures.get(i), ex).modality(m).orElseThrow();
                        Optional<float[]> v = m == Modality.VISION ? visionFeatures(res) : meanEmbedding(res.embeddings());
                        if (v.isEmpty()) {
                            noEmbedding++;
                            continue;
                        }
                        if (enc == null) {
                            enc = m == Modality.VISION ? ExpressionNet.MODEL_ID : res.embeddings().get(0).modelId();
                        }
                        xs.add(v.get());
                        ys.add(d.classes().indexOf(ex.truth()));
                    }
                }
                encoder = enc;
            }
        } finally {
            pool.shutdownNow();
        }
        if (xs.isEmpty()) {
            throw new IllegalStateException("the " + m.word() + " modality gave no embedding for any example"
                    + (m == Modality.VISION ? " (no face found? try --face-crops)" : " (no speech found?)") + ": nothing to train on");
        }
        o.printf(Locale.ROOT, "%s %d %s examples with %s in %.1f s%s%n", m == Modality.TEXT ? "embedded" : "described",
                xs.size(), m.word(), encoder, (System.nanoTime() - start) / 1e9,
                noEmbedding > 0 ? " (" + noEmbedding + (m == Modality.VISION ? " without a face" : " without embedding")
                        + " skipped)" : "");

        List<String> classNames = new ArrayList<>();
        d.classes().forEach(e -> classNames.add(e.word()));
        LinearProbe.Config cfg = new LinearProbe.Config(epochs != null ? epochs : 300, 0.05, l2, true);
        ClassificationReport report = null;
        if (holdout > 0) {
            boolean[] held = stratifiedHoldout(ys, d.classes().size(), holdout, seed);
            List<float[]> trX = new ArrayList<>();
            List<Integer> trY = new ArrayList<>();
            List<float[]> teX = new ArrayList<>();
            List<Integer> teY = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                (held[i] ? teX : trX).add(xs.get(i));
                (held[i] ? teY : trY).add(ys.get(i));
            }
            if (!teX.isEmpty() && !trX.isEmpty()) {
                DenseHead h = fit(m, trX.toArray(float[][]::new), toInts(trY), d.classes().size(), cfg);
                int[] pred = new int[teX.size()];
                for (int i = 0; i < pred.length; i++) {
                    pred[i] = argmax(h.forward(teX.get(i)));
                }
                report = ClassificationReport.of(classNames, toInts(teY), pred);
                o.printf(Locale.ROOT, "held-out (%d of %d, stratified, seed %d):%n", teX.size(), xs.size(), seed);
                o.print(report.toText());
            }
        }
        float[][] all = xs.toArray(float[][]::new);
        DenseHead head = fit(m, all, toInts(ys), d.classes().size(), cfg);
        String modelId = id != null ? id : out.toAbsolutePath().getFileName().toString();
        String command = "emotion4j train-head --modality " + m.word() + " --data " + data + (labels != null ? " --labels " + labels : "")
                + " --out " + out + " --holdout " + holdout + (epochs != null ? " --epochs " + epochs : "")
                + (m == Modality.AUDIO ? " --members " + members : " --l2 " + l2) + " --seed " + seed
                + (limit > 0 ? " --limit " + limit : "") + (faceCrops ? " --face-crops" : "");
        HeadFolder.write(new HeadFolder.Spec(modelId, m, encoder, d.classes(), head,
                data + " (" + xs.size() + " examples, " + d.classes().size() + " classes)", report, command,
                m == Modality.AUDIO ? "emotion-audio's HeadTrainer (DJL, ensemble of " + members + " MLPs, 64 hidden units) on prosody-v1 features"
                        : m == Modality.VISION ? "multinomial logistic regression (full-batch Adam, DJL) on " + encoder
                        + "'s per-image class probabilities as ln(max(p, 1e-6))"
                        : "multinomial logistic regression (full-batch Adam, DJL) on " + encoder + " embeddings",
                m == Modality.AUDIO ? AudioHeadTraining.cardKeys()
                        : m == Modality.VISION ? Map.of("head.features", "ln(max(p, 1e-6)) of " + encoder
                        + "'s 7 probabilities in FACE_API order") : Map.of(),
                m == Modality.AUDIO ? Map.of("corpus-stats.properties", AudioHeadTraining.corpusStats(all, data.toString()))
                        : Map.of()), out);
        // prove the folder loads the way users will load it
        EmotionRecognizer.Builder check = EmotionRecognizer.builder().withDefaultModels().modalities(m).model(m, out);
        recognizer.options.forEach(check::option);
        try (EmotionRecognizer r = check.build()) {
            EmotionPrediction p = r.predict(d.examples().get(0).input());
            Optional<EmotionDistribution> dist = p.modality(m).flatMap(ModalityResult::distribution);
            o.printf(Locale.ROOT, "wrote %s (loads with --model %s; first example -> %s)%n", out, out,
                    dist.map(x -> x.top().label().word()).orElse("no evidence"));
        }
        return 0;
    }

    private DenseHead fit(Modality m, float[][] x, int[] y, int classes, LinearProbe.Config cfg) {
        return m == Modality.AUDIO
                ? AudioHeadTraining.fit(x, y, classes, AudioHeadTraining.config(epochs != null ? epochs : 150, members, (int) seed))
                : LinearProbe.fit(x, y, classes, cfg);
    }

    private static <T> T get(Future<T> f, LabelledData.Example ex) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(ex.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * A vision result's head input: the bundled network's probabilities in FACE_API order (its
     * label order; for an image with several faces their area-weighted mean, for a video the
     * frame-weighted mean of its segments) as clamped log-probabilities; empty without a face.
     */
    static Optional<float[]> visionFeatures(ModalityResult res) {
        if (res.distribution().isEmpty()) {
            return Optional.empty();
        }
        EmotionDistribution dist = res.distribution().get();
        float[] p = new float[LabelSet.FACE_API.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) dist.probability(LabelSet.FACE_API.emotionAt(i));
        }
        return Optional.of(ExpressionHead.features(p));
    }

    static Optional<float[]> meanEmbedding(List<Embedding> embeddings) {
        if (embeddings.isEmpty()) {
            return Optional.empty();
        }
        int dim = embeddings.get(0).dimension();
        float[] sum = new float[dim];
        int k = 0;
        for (Embedding e : embeddings) {
            if (e.dimension() != dim) {
                continue;
            }
            float[] v = e.vector();
            for (int j = 0; j < dim; j++) {
                sum[j] += v[j];
            }
            k++;
        }
        for (int j = 0; j < dim; j++) {
            sum[j] /= k;
        }
        return Optional.of(sum);
    }

    static boolean[] stratifiedHoldout(List<Integer> ys, int classes, double fraction, long seed) {
        boolean[] held = new boolean[ys.size()];
        Random rnd = new Random(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < ys.size(); i++) {
                if (ys.get(i) == c) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, rnd);
            int k = idx.size() < 2 ? 0 : Math.max(1, (int) Math.round(fraction * idx.size()));
            for (int i = 0; i < k; i++) {
                held[idx.get(i)] = true;
            }
        }
        return held;
    }

    private static int[] toInts(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
