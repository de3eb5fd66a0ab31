package io.github.emotion4j.programs.audio.learned;

import io.github.emotion4j.audio.classify.UtteranceFeatures;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.programs.audio.EmoDbCorpus;
import io.github.emotion4j.training.head.HeadTrainer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Speaker-independent evaluation of the learned encoder on an EmoDB folder, with every setting
 * fixed before any fold is run ({@link LearnedSpeechTrainer.Config#standard}): outer
 * leave-one-speaker-out, no selection of any kind, so the pooled figures are an honest estimate.
 * For the same folds it trains the prosody head the way {@code EmoDbTrainer} does (its default
 * settings) and reports the late fusion {@code w * learned + (1 - w) * prosody} with {@code w}
 * fixed up front (0.5). Per-class recall and confusion matrices for all three. With
 * {@code --final FILE} it then trains on every speaker and writes the weights.
 *
 * <pre>
 * nice -n 10 java ... io.github.emotion4j.programs.audio.learned.LearnedSpeechEvaluation \
 *     --data ../shared/data/speech/emodb-4class --epochs 20 --report target/learned-4class.txt \
 *     [--speakers 03,08] [--final models/tools/learned-speech-encoder/emodb-4class-weights.bin [--final-only]]
 * </pre>
 * Decoded audio and prosody features are cached under {@code --cache} (default
 * {@code /tmp/e4j-cache/spenc}).
 */
public final class LearnedSpeechEvaluation {
    private LearnedSpeechEvaluation() {
    }

    /** A decoded corpus. */
    record Corpus(List<EmoDbCorpus.Item> items, List<float[]> clips, List<float[]> prosody, List<String> classes, int[] y) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data/speech/emodb-4class"));
        Path cache = Path.of(a.getOrDefault("cache", "/tmp/e4j-cache/spenc"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "20"));
        double w = Double.parseDouble(a.getOrDefault("fusion-weight", "0.5"));
        Corpus corpus = load(data, cache);
        LearnedSpeechTrainer.Config cfg = LearnedSpeechTrainer.Config.standard(corpus.classes().size(), epochs);
        PrintStream out = System.out;
        StringBuilder rep = new StringBuilder();
        rep.append("command: LearnedSpeechEvaluation ").append(String.join(" ", args)).append('\n');
        rep.append("config (fixed before any fold): ").append(cfg.describe()).append('\n');
        rep.append("prosody: EmoDbTrainer's default head settings; fusion weight (fixed): ").append(w).append('\n');
        out.print(rep);
        TreeSet<String> speakers = new TreeSet<>();
        corpus.items().forEach(it -> speakers.add(it.speaker()));
        List<String> folds = a.containsKey("final-only") ? List.of()
                : a.containsKey("speakers") ? List.of(a.get("speakers").split(",")) : List.copyOf(speakers);
        int n = corpus.y().length;
        int k = corpus.classes().size();
        float[][] learned = new float[n][];
        float[][] prosody = new float[n][];
        List<Integer> tested = new ArrayList<>();
        HeadTrainer.Config pcfg = new HeadTrainer.Config(64, 0.3, 1e-3, 1e-3, 150, 32, 5, 42);
        long start = System.nanoTime();
        for (String spk : folds) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (corpus.items().get(i).speaker().equals(spk) ? te : tr).add(i);
            }
            if (te.isEmpty()) {
                throw new IllegalArgumentException("no recordings of speaker " + spk);
            }
            long t0 = System.nanoTime();
            out.printf(Locale.ROOT, "fold %s: train %d, test %d%n", spk, tr.size(), te.size());
            Map<String, float[]> params = LearnedSpeechTrainer.train(pick(corpus.clips(), tr), pickY(corpus.y(), tr), cfg, out);
            float[][] pl = LearnedSpeechTrainer.predict(cfg.net(), params, pick(corpus.clips(), te));
            DenseHead head = HeadTrainer.train(pick(corpus.prosody(), tr).toArray(float[][]::new), pickY(corpus.y(), tr), k, pcfg);
            for (int j = 0; j < te.size(); j++) {
                int i = te.get(j);
                learned[i] = pl[j];
                prosody[i] = toFloats(DenseHead.softmax(head.forward(corpus.prosody().get(i))));
                tested.add(i);
            }
            String line = String.format(Locale.ROOT, "fold %s: learned %.4f, prosody %.4f, fusion %.4f (%.0f s)", spk,
                    acc(learned, corpus.y(), te, null, 1), acc(prosody, corpus.y(), te, null, 1),
                    acc(learned, corpus.y(), te, prosody, w), (System.nanoTime() - t0) / 1e9);
            out.println(line);
            rep.append(line).append('\n');
            report(a, args, rep.toString(), corpus, folds.subList(0, folds.indexOf(spk) + 1), speakers.size(), tested, learned,
                    prosody, w, start);
        }
        if (a.containsKey("final")) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            out.println("final model: all " + speakers.size() + " speakers, " + n + " recordings");
            Map<String, float[]> params = LearnedSpeechTrainer.train(corpus.clips(), corpus.y(), cfg, out);
            Path f = Path.of(a.get("final"));
            if (f.getParent() != null) {
                Files.createDirectories(f.getParent());
            }
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f))) {
                cfg.net().write(params, o);
            }
            Files.writeString(Path.of(f + ".txt"), "command: LearnedSpeechEvaluation " + String.join(" ", args)
                    + "\nconfig: " + cfg.describe() + "\nlabels: " + String.join(",", corpus.classes())
                    + "\ntrainingData: Berlin EmoDB " + data.getFileName() + ", " + n + " recordings, " + speakers.size()
                    + " speakers\n", StandardCharsets.UTF_8);
            out.println("wrote " + f);
        }
    }

    private static void report(Map<String, String> a, String[] args, String head, Corpus corpus, List<String> folds,
                               int speakerCount, List<Integer> tested, float[][] learned, float[][] prosody, double w,
                               long start) throws IOException {
        int k = corpus.classes().size();
        StringBuilder rep = new StringBuilder(head);
        rep.append(String.format(Locale.ROOT, "outer folds: %d of %d speakers (%s), %d recordings, %.0f s%n", folds.size(),
                speakerCount, String.join(",", folds), tested.size(), (System.nanoTime() - start) / 1e9));
        for (String which : List.of("learned", "prosody", "fusion")) {
            int[] truth = new int[tested.size()];
            int[] pred = new int[tested.size()];
            for (int j = 0; j < tested.size(); j++) {
                int i = tested.get(j);
                truth[j] = corpus.y()[i];
                float[] p = switch (which) {
                    case "learned" -> learned[i];
                    case "prosody" -> prosody[i];
                    default -> mix(learned[i], prosody[i], w);
                };
                pred[j] = LearnedSpeechTrainer.argmax(p, 0, k);
            }
            ClassificationReport r = ClassificationReport.of(corpus.classes(), truth, pred);
            rep.append("== ").append(which).append(" (pooled outer leave-one-speaker-out) ==\n").append(r.toText())
                    .append("json: ").append(r.toJson()).append('\n');
        }
        System.out.print(rep.substring(rep.indexOf("outer folds:")));
        if (a.containsKey("report") && !folds.isEmpty()) {
            Path r = Path.of(a.get("report"));
            if (r.getParent() != null) {
                Files.createDirectories(r.getParent());
            }
            Files.writeString(r, rep.toString(), StandardCharsets.UTF_8);
            writeProbabilities(Path.of(a.get("report") + ".probabilities.csv"), corpus, tested, learned, prosody);
        }
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static float[] mix(float[] a, float[] b, double w) {
        float[] m = new float[a.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (w * a[i] + (1 - w) * b[i]);
        }
        return m;
    }

    private static double acc(float[][] p, int[] y, List<Integer> idx, float[][] other, double w) {
        int ok = 0;
        for (int i : idx) {
            float[] q = other == null ? p[i] : mix(p[i], other[i], w);
            ok += LearnedSpeechTrainer.argmax(q, 0, q.length) == y[i] ? 1 : 0;
        }
        return ok / (double) idx.size();
    }

    private static void writeProbabilities(Path file, Corpus c, List<Integer> tested, float[][] learned, float[][] prosody)
            throws IOException {
        StringBuilder sb = new StringBuilder("file,speaker,label");
        for (String m : List.of("learned", "prosody")) {
            for (String cl : c.classes()) {
                sb.append(',').append(m).append('.').append(cl);
            }
        }
        sb.append('\n');
        for (int i : tested) {
            EmoDbCorpus.Item it = c.items().get(i);
            sb.append(it.file().getFileName()).append(',').append(it.speaker()).append(',').append(it.label());
            for (float[] p : new float[][] {learned[i], prosody[i]}) {
                for (float v : p) {
                    sb.append(String.format(Locale.ROOT, ",%.6f", v));
                }
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Decodes (16 kHz mono) and extracts prosody once, then reads the cache. */
    static Corpus load(Path data, Path cache) throws IOException {
        List<EmoDbCorpus.Item> items = EmoDbCorpus.list(data);
        List<String> classes = EmoDbCorpus.classes(items);
        int[] y = new int[items.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(items.get(i).label());
        }
        Files.createDirectories(cache);
        Path f = cache.resolve(data.getFileName() + "-" + items.size() + ".clips");
        List<float[]> clips = new ArrayList<>();
        List<float[]> prosody = new ArrayList<>();
        if (Files.exists(f)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
                for (EmoDbCorpus.Item it : items) {
                    if (!in.readUTF().equals(it.file().getFileName().toString())) {
                        throw new IOException(f + " does not match " + data + ": delete it");
                    }
                    clips.add(readFloats(in));
                    prosody.add(readFloats(in));
                }
            }
            return new Corpus(items, clips, prosody, classes, y);
        }
        ProsodyExtractor ex = new ProsodyExtractor();
        long t0 = System.nanoTime();
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f)))) {
            for (EmoDbCorpus.Item it : items) {
                AudioClip clip = AudioDecoder.decode(it.file(), 60);
                float[] s = clip.samples();
                float[] p = UtteranceFeatures.of(ex, clip).toFloats();
                clips.add(s);
                prosody.add(p);
                o.writeUTF(it.file().getFileName().toString());
                writeFloats(o, s);
                writeFloats(o, p);
            }
        }
        System.out.printf(Locale.ROOT, "decoded %d files and their prosody in %.1f s (cached in %s)%n", items.size(),
                (System.nanoTime() - t0) / 1e9, f);
        return new Corpus(items, clips, prosody, classes, y);
    }

    private static void writeFloats(DataOutputStream o, float[] v) throws IOException {
        o.writeInt(v.length);
        for (float x : v) {
            o.writeFloat(x);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    static <T> List<T> pick(List<T> all, List<Integer> idx) {
        List<T> r = new ArrayList<>(idx.size());
        for (int i : idx) {
            r.add(all.get(i));
        }
        return r;
    }

    static int[] pickY(int[] y, List<Integer> idx) {
        int[] r = new int[idx.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = y[idx.get(i)];
        }
        return r;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(key, args[++i]);
            } else {
                m.put(key, "true");
            }
        }
        return m;
    }
}
