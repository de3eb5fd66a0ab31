package io.github.emotion4j.programs.audio;

import io.github.emotion4j.audio.classify.UtteranceFeatures;
import io.github.emotion4j.training.head.HeadTrainer;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.audio.vad.EnergyVad;
import io.github.emotion4j.audio.vad.SpeechSegment;
import io.github.emotion4j.audio.vad.SpeechSegmenter;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The earlier trainer of the bundled speech models (they now come from {@link NestedSpeechEval},
 * whose figures are nested and speaker-independent; the single leave-one-speaker-out loop here
 * both chooses and reports, so its figures are selection figures). Trains and evaluates a speech
 * emotion model on Berlin EmoDB: features from
 * {@link ProsodyExtractor} over the speech span the energy VAD finds, a small MLP head trained
 * with DJL ({@link HeadTrainer}), evaluated leave-one-speaker-out (never a random split), then
 * trained on every speaker and written as a model folder ({@code head.bin},
 * {@code corpus-stats.properties}, {@code model.properties}, metrics in {@code metrics.txt}).
 *
 * <pre>
 * java ... io.github.emotion4j.programs.audio.EmoDbTrainer --data ../shared/data/speech/emodb-7class-2s \
 *     --out models/src/main/resources/io/github/emotion4j/models/audio-emodb-7class --id audio-emodb-7class
 * </pre>
 * Options: {@code --hidden 64 --dropout 0.3 --decay 1e-3 --lr 1e-3 --epochs 150 --batch 32
 * --members 5 --seed 42 --loso-only}.
 */
public final class EmoDbTrainer {
    private EmoDbTrainer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data/speech/emodb-7class-2s"));
        HeadTrainer.Config cfg = new HeadTrainer.Config(Integer.parseInt(a.getOrDefault("hidden", "64")),
                Double.parseDouble(a.getOrDefault("dropout", "0.3")), Double.parseDouble(a.getOrDefault("decay", "1e-3")),
                Double.parseDouble(a.getOrDefault("lr", "1e-3")), Integer.parseInt(a.getOrDefault("epochs", "150")),
                Integer.parseInt(a.getOrDefault("batch", "32")), Integer.parseInt(a.getOrDefault("members", "5")),
                Integer.parseInt(a.getOrDefault("seed", "42")));
        List<EmoDbCorpus.Item> items = EmoDbCorpus.list(data);
        List<String> classes = EmoDbCorpus.classes(items);
        System.out.printf(Locale.ROOT, "%d files, classes %s, config %s%n", items.size(), classes, cfg);
        ProsodyExtractor ex = new ProsodyExtractor();
        float[][] x = new float[items.size()][];
        int[] y = new int[items.size()];
        long t0 = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            AudioClip clip = AudioDecoder.decode(items.get(i).file(), 60);
            x[i] = UtteranceFeatures.of(ex, clip).toFloats();
            y[i] = classes.indexOf(items.get(i).label());
        }
        System.out.printf(Locale.ROOT, "features: %d x %d in %.1f s%n", x.length, x[0].length, (System.nanoTime() - t0) / 1e9);
        TreeSet<String> speakers = new TreeSet<>();
        items.forEach(it -> speakers.add(it.speaker()));
        int[] pred = new int[y.length];
        StringBuilder folds = new StringBuilder();
        for (String spk : speakers) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                (items.get(i).speaker().equals(spk) ? te : tr).add(i);
            }
            DenseHead head = HeadTrainer.train(rows(x, tr), labels(y, tr), classes.size(), cfg);
            int ok = 0;
            for (int i : te) {
                pred[i] = argmax(head.forward(x[i]));
                ok += pred[i] == y[i] ? 1 : 0;
            }
            String line = String.format(Locale.ROOT, "fold speaker %s: %d/%d = %.4f", spk, ok, te.size(), ok / (double) te.size());
            System.out.println(line);
            folds.append(line).append('\n');
        }
        ClassificationReport report = ClassificationReport.of(classes, y, pred);
        System.out.println("leave-one-speaker-out, pooled over " + speakers.size() + " speakers:");
        System.out.print(report.toText());
        if (a.containsKey("loso-only") || !a.containsKey("out")) {
            return;
        }
        Path out = Path.of(a.get("out"));
        String id = a.getOrDefault("id", out.getFileName().toString());
        Files.createDirectories(out);
        DenseHead head = HeadTrainer.train(x, y, classes.size(), cfg);
        try (OutputStream o = Files.newOutputStream(out.resolve("head.bin"))) {
            head.write(o);
        }
        writeStats(out.resolve("corpus-stats.properties"), x, data);
        String metrics = "command: EmoDbTrainer " + String.join(" ", args) + "\nconfig: " + cfg + "\n" + folds
                + "pooled leave-one-speaker-out:\n" + report.toText() + "json: " + report.toJson() + "\n";
        Files.writeString(out.resolve("metrics.txt"), metrics, StandardCharsets.UTF_8);
        writeCard(out, id, classes, head, report, data, cfg, speakers.size(), items.size());
        System.out.println("wrote " + out);
    }

    private static void writeStats(Path file, float[][] x, Path data) throws IOException {
        StringBuilder sb = new StringBuilder("# Per-feature corpus statistics of the training set (" + data.getFileName()
                + "), for explanation cues: p25, median, p75\n");
        List<String> names = ProsodyExtractor.FEATURE_NAMES;
        for (int j = 0; j < names.size(); j++) {
            double[] v = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                v[i] = x[i][j];
            }
            Percentile p = new Percentile();
            p.setData(v);
            sb.append(String.format(Locale.ROOT, "%s=%.6g,%.6g,%.6g%n", names.get(j), p.evaluate(25), p.evaluate(50), p.evaluate(75)));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void writeCard(Path out, String id, List<String> classes, DenseHead head, ClassificationReport r,
                                  Path data, HeadTrainer.Config cfg, int speakers, int n) throws IOException {
        ModelCardWriter.Builder card = ModelCardWriter.builder()
                .setId(id)
                .setModality(Modality.AUDIO)
                .optHeader("Written by io.github.emotion4j.programs.audio.EmoDbTrainer; see MODEL_CARD.md");
        for (String f : List.of("head.bin", "corpus-stats.properties", "metrics.txt")) {
            card.addFile(f, ModelFormat.RAW);
        }
        card.put("labels", String.join(",", classes));
        if (classes.size() == 7) {
            card.put("labelSet", "EMODB_7");
        }
        card.put("activation", "softmax")
                .put("head.layers", head.layerSpec())
                .put("head.normalize", "true")
                .put("features", "prosody-v1")
                .put("features.count", String.valueOf(ProsodyExtractor.FEATURE_NAMES.size()))
                .put("preprocess.sampleRate", "16000")
                .put("source", "trained by emotion4j (io.github.emotion4j.programs.audio.EmoDbTrainer, DJL PyTorch engine)")
                .put("license", "Apache-2.0 (weights); training data: Berlin EmoDB, free for research use")
                .put("trainingData", "Berlin EmoDB " + data.getFileName() + ", " + n + " files, " + speakers + " speakers")
                .put("train.config", cfg.toString());
        String k = "emodb-" + classes.size() + "class-loso";
        card.put("metric." + k + ".accuracy", String.format(Locale.ROOT, "%.4f", r.accuracy()))
                .put("metric." + k + ".macroF1", String.format(Locale.ROOT, "%.4f", r.macroF1()))
                .put("metric." + k + ".balancedAccuracy", String.format(Locale.ROOT, "%.4f", r.balancedAccuracy()));
        card.build().write(out);
    }

    private static float[][] rows(float[][] x, List<Integer> idx) {
        float[][] r = new float[idx.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[idx.get(i)];
        }
        return r;
    }

    private static int[] labels(int[] y, List<Integer> idx) {
        int[] r = new int[idx.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = y[idx.get(i)];
        }
        return r;
    }

    static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    /** {@code --key value} and {@code --flag} arguments (a flag reads "true"); shared with {@link NestedSpeechEval}. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String k = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(k, args[++i]);
            } else {
                m.put(k, "true");
            }
        }
        return m;
    }
}
