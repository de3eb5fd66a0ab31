package io.github.emotion4j.pseudo;

import io.github.emotion4j.audio.classify.UtteranceFeatures;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.programs.audio.EmoDbCorpus;
import io.github.emotion4j.training.head.HeadTrainer;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.text.TextAnalyzer;
import io.github.emotion4j.vision.expression.ExpressionNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes each modality's predicted distributions on real, labelled data, for building the
 * label-aligned pseudo-multimodal fusion set ({@code io.github.emotion4j.pseudo.PseudoMultimodalTraining}).
 * Every prediction is out-of-sample:
 * <ul>
 *   <li>audio: EmoDB 7 classes (emodb-7class-2s), the audio module's prosody features and head
 *       trainer with the bundled model's settings, <b>leave-one-speaker-out</b> (each file is
 *       predicted by a head that never heard its speaker);</li>
 *   <li>vision: CK+48 crops and the FER2013 validation split through the face-expression network
 *       (pretrained elsewhere, not trained on either);</li>
 *   <li>text: single-label comments of GoEmotions' Ekman <b>dev</b> split through the bundled text
 *       model (trained on the train split).</li>
 * </ul>
 * Output: one TSV per source, {@code modality id group label p_anger p_disgust p_fear p_happiness
 * p_sadness p_surprise p_neutral} (canonical order), and beside it, for the modalities that have
 * one, a sibling {@code .emb.tsv} with each item's embedding, {@code modality id dimension v_1 ... v_n}
 * (same ids, same order):
 * <ul>
 *   <li>text: the MiniLM sentence embedding (384 numbers) the text analyzer puts on its result
 *       ({@code ModalityEvidence.of(result).embedding()}, what fusion receives at run time);</li>
 *   <li>audio: the item's 75 prosody features standardised with the mean and standard deviation
 *       over all EmoDB files (label-free). This is <em>not</em> what the audio result carries at run
 *       time (its {@code Embedding} is the head's penultimate layer, and out-of-sample that is a
 *       different head per left-out speaker, so its units are no common space); it is written for
 *       measurement only;</li>
 *   <li>vision: none — the face network outputs only its 7 probabilities, so the vision module has
 *       no embedding beyond its distribution.</li>
 * </ul>
 * Command (classpath built as in the
 * {@code fusion-attention} model card): {@code java -cp "$CP"
 * io.github.emotion4j.pseudo.ExtractDistributions /work/shared/data target/pm}.
 */
public final class ExtractDistributions {
    private static final int TEXT_PER_CLASS = 400;

    private ExtractDistributions() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../../shared/data");
        Path out = Path.of(args.length > 1 ? args[1] : "target/pseudo-multimodal");
        String only = args.length > 2 ? args[2] : "all";
        Files.createDirectories(out);
        if (only.equals("all") || only.equals("text")) {
            text(data.resolve("text/goemotions/ekman"), out.resolve("text-goemotions-ekman-dev.tsv"));
        }
        if (only.equals("all") || only.equals("vision")) {
            vision(data.resolve("faces/ck48"), out.resolve("vision-ck48.tsv"), true);
            vision(data.resolve("faces/fer2013/validation"), out.resolve("vision-fer2013-validation.tsv"), false);
        }
        if (only.equals("all") || only.equals("audio")) {
            audio(data.resolve("speech/emodb-7class-2s"), out.resolve("audio-emodb7-loso.tsv"));
        }
    }

    private static void audio(Path root, Path tsv) throws Exception {
        io.github.emotion4j.engine.pytorch.PyTorchEngine.engine();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        List<EmoDbCorpus.Item> items = EmoDbCorpus.list(root);
        List<String> classes = EmoDbCorpus.classes(items);
        ProsodyExtractor ex = new ProsodyExtractor();
        float[][] x = new float[items.size()][];
        int[] y = new int[items.size()];
        long t0 = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            AudioClip clip = AudioDecoder.decode(items.get(i).file(), 60);
            x[i] = UtteranceFeatures.of(ex, clip).toFloats();
            y[i] = classes.indexOf(items.get(i).label());
        }
        System.out.printf(Locale.ROOT, "audio: %d files, features in %.1f s%n", items.size(), (System.nanoTime() - t0) / 1e9);
        // the settings of the bundled audio-emodb-7class head (its card's train.config)
        HeadTrainer.Config cfg = new HeadTrainer.Config(64, 0.3, 1e-3, 1e-3, 100, 64, 3, 42);
        LabelSet labels = LabelSet.custom("emodb-folders", classes);
        TreeSet<String> speakers = new TreeSet<>();
        items.forEach(it -> speakers.add(it.speaker()));
        double[][] probs = new double[items.size()][];
        int correct = 0;
        for (String spk : speakers) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                (items.get(i).speaker().equals(spk) ? te : tr).add(i);
            }
            float[][] xt = new float[tr.size()][];
            int[] yt = new int[tr.size()];
            for (int k = 0; k < tr.size(); k++) {
                xt[k] = x[tr.get(k)];
                yt[k] = y[tr.get(k)];
            }
            DenseHead head = HeadTrainer.train(xt, yt, classes.size(), cfg);
            for (int i : te) {
                float[] logits = head.forward(x[i]);
                double[] l = new double[logits.length];
                for (int k = 0; k < l.length; k++) {
                    l[k] = logits[k];
                }
                EmotionDistribution d = labels.toDistribution(EmotionDistribution.softmax(labels.emotions(), l).probabilities());
                probs[i] = d.over(Emotion.CANONICAL).probabilities();
                int top = argmax(l);
                correct += top == y[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "audio fold %s done (%.0f s)%n", spk, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "audio LOSO accuracy (7 EmoDB classes): %.4f%n", correct / (double) items.size());
        try (Writer w = Files.newBufferedWriter(embeddingFile(tsv), StandardCharsets.UTF_8)) {
            float[][] z = standardised(x);
            for (int i = 0; i < items.size(); i++) {
                embeddingRow(w, Modality.AUDIO, items.get(i).file().getFileName().toString(), z[i]);
            }
        }
        try (Writer w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            header(w);
            for (int i = 0; i < items.size(); i++) {
                Emotion e = EmotionLabels.parse(items.get(i).label());
                row(w, Modality.AUDIO, items.get(i).file().getFileName().toString(), "speaker" + items.get(i).speaker(),
                        e, probs[i]);
            }
        }
    }

    private static void vision(Path root, Path tsv, boolean subjects) throws Exception {
        try (EngineRuntime runtime = EngineRuntime.create(Optional.empty(), Optional.empty())) {
            ExpressionNet net = ExpressionNet.load(runtime, Optional.empty(), Optional.empty());
            int n = 0;
            try (Writer w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8); Stream<Path> dirs = Files.list(root)) {
                header(w);
                for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                    Emotion e;
                    try {
                        e = EmotionLabels.parse(d.getFileName().toString());
                    } catch (RuntimeException ex) {
                        continue;
                    }
                    if (!e.isCanonical()) {
                        continue;
                    }
                    List<Path> files;
                    try (Stream<Path> s = Files.list(d)) {
                        files = s.sorted().toList();
                    }
                    List<BufferedImage> imgs = new ArrayList<>();
                    for (Path f : files) {
                        BufferedImage img = ImageIO.read(f.toFile());
                        if (img == null) {
                            throw new IOException("unreadable image " + f);
                        }
                        imgs.add(img);
                    }
                    float[][] p = net.probabilities(imgs);
                    for (int i = 0; i < files.size(); i++) {
                        String name = files.get(i).getFileName().toString();
                        String group = subjects ? "subject" + name.substring(0, name.indexOf('_')) : "image" + name;
                        row(w, Modality.VISION, name, group, e,
                                net.labels().toDistribution(p[i]).over(Emotion.CANONICAL).probabilities());
                        n++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "vision: %d images from %s%n", n, root);
        }
    }

    private static void text(Path ekman, Path tsv) throws Exception {
        List<String> labelWords = Files.readAllLines(ekman.resolve("labels.txt")).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Map<Emotion, List<String[]>> byClass = new EnumMap<>(Emotion.class);
        for (String line : Files.readAllLines(ekman.resolve("dev.tsv"), StandardCharsets.UTF_8)) {
            String[] c = line.split("\t");
            if (c.length < 3 || c[1].contains(",")) {
                continue;
            }
            Emotion e = EmotionLabels.parse(labelWords.get(Integer.parseInt(c[1].strip())));
            byClass.computeIfAbsent(e, k -> new ArrayList<>()).add(new String[] {c[2].strip(), c[0]});
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build();
             Writer w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8);
             Writer we = Files.newBufferedWriter(embeddingFile(tsv), StandardCharsets.UTF_8)) {
            ModalityAnalyzer a = r.analyzer(Modality.TEXT).orElseThrow();
            header(w);
            Random rnd = new Random(42);
            for (Map.Entry<Emotion, List<String[]>> e : byClass.entrySet()) {
                List<String[]> items = new ArrayList<>(e.getValue());
                Collections.shuffle(items, rnd);
                items = items.subList(0, Math.min(TEXT_PER_CLASS, items.size()));
                List<String> texts = items.stream().map(s -> s[1]).toList();
                List<ModalityResult> results = ((TextAnalyzer) a).analyzeTexts(texts);
                int kept = 0;
                for (int i = 0; i < items.size(); i++) {
                    Optional<EmotionDistribution> d = results.get(i).distribution();
                    if (d.isPresent()) {
                        row(w, Modality.TEXT, items.get(i)[0], "comment" + items.get(i)[0], e.getKey(),
                                d.get().over(Emotion.CANONICAL).probabilities());
                        Optional<float[]> v = ModalityEvidence.of(results.get(i))
                                .flatMap(ModalityEvidence::embedding).map(io.github.emotion4j.core.Embedding::vector);
                        if (v.isPresent()) {
                            embeddingRow(we, Modality.TEXT, items.get(i)[0], v.get());
                        }
                        kept++;
                    }
                }
                System.out.printf(Locale.ROOT, "text %s: %d comments%n", e.getKey().word(), kept);
            }
        }
    }

    private static void header(Writer w) throws IOException {
        StringBuilder b = new StringBuilder("modality\tid\tgroup\tlabel");
        for (Emotion e : Emotion.CANONICAL) {
            b.append("\tp_").append(e.word());
        }
        w.write(b.append('\n').toString());
    }

    private static void row(Writer w, Modality m, String id, String group, Emotion label, double[] p) throws IOException {
        StringBuilder b = new StringBuilder(m.word()).append('\t').append(id.replace('\t', ' ')).append('\t')
                .append(group).append('\t').append(label.word());
        for (double v : p) {
            b.append('\t').append(String.format(Locale.ROOT, "%.6g", v));
        }
        w.write(b.append('\n').toString());
    }

    /** {@code x.tsv} -> {@code x.emb.tsv}. */
    static Path embeddingFile(Path tsv) {
        String n = tsv.getFileName().toString();
        return tsv.resolveSibling(n.substring(0, n.length() - ".tsv".length()) + ".emb.tsv");
    }

    private static void embeddingRow(Writer w, Modality m, String id, float[] v) throws IOException {
        StringBuilder b = new StringBuilder(m.word()).append('\t').append(id.replace('\t', ' ')).append('\t')
                .append(v.length);
        for (float f : v) {
            b.append('\t').append(String.format(Locale.ROOT, "%.6g", f));
        }
        w.write(b.append('\n').toString());
    }

    private static float[][] standardised(float[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (float[] r : x) {
            for (int k = 0; k < d; k++) {
                mean[k] += r[k] / (double) x.length;
            }
        }
        for (float[] r : x) {
            for (int k = 0; k < d; k++) {
                sq[k] += (r[k] - mean[k]) * (r[k] - mean[k]) / x.length;
            }
        }
        float[][] z = new float[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                double sd = Math.sqrt(sq[k]);
                z[i][k] = (float) (sd > 1e-12 ? (x[i][k] - mean[k]) / sd : 0);
            }
        }
        return z;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
