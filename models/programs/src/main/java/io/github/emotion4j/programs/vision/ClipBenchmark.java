package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.dynamics.ClipDynamics;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.dynamics.LiftingParameters;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.training.dynamics.LabelledClip;
import io.github.emotion4j.training.dynamics.LiftingTrainer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A clip benchmark where the emotional frames are a minority, built from CK+48 and FER2013:
 * lifting-scheme dynamics against plain mean pooling of frame probabilities.
 *
 * <p><b>Clips.</b> T frames (default 16) of 48x48 grey faces.
 * <ul>
 *   <li><i>Emotional clip</i>: k consecutive frames (default 4) from one CK+48 sequence (its last
 *       three frames, the peak of a posed expression, then perturbed copies of the last frame if
 *       k &gt; 3), placed at a random offset; the other T - k frames are perturbed copies of one
 *       FER2013 validation image labelled neutral (another person: CK+48 holds no neutral frames,
 *       so the static context is a neutral face of someone else, kept still with small shifts,
 *       brightness changes and noise). Label: the CK+ sequence's emotion.</li>
 *   <li><i>Neutral clip</i>: T perturbed copies of one FER2013 neutral image, label neutral; as
 *       many as an average emotion class has clips, so that ignoring neutral is not rewarded.</li>
 * </ul>
 * Perturbation: shift of up to 2 pixels, gain 0.9-1.1, offset +-8 grey levels, Gaussian noise
 * with sigma 3. Contempt is excluded (the network has no such class). Everything is seeded.
 *
 * <p><b>Compared</b>: mean pooling of the frame probabilities; the parameter-free lifting step;
 * and, with {@code --train}, the learned lifting step, trained with DJL in two subject-independent
 * folds (subjects split by the parity of their rank; neutral images split by index parity), each
 * fold tested on the clips of the subjects it did not see.
 *
 * <p>Command line: {@code <faces folder holding ck48/ and fer2013/> [--frames T] [--emotional k]
 * [--seed s] [--train] [--model <folder>] [--engine onnxruntime|pytorch]}.
 */
public final class ClipBenchmark {
    private static final int POOL_NEUTRAL = 12;
    private static final int POOL_EMOTION = 4;

    private record Sequence(String subject, int subjectRank, int label, List<float[]> frames, List<float[]> copies) {
    }

    private record Neutral(int index, List<float[]> variants) {
    }

    private record Clip(float[][] probabilities, int label, int fold) {
    }

    private ClipBenchmark() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClipBenchmark <faces folder> [--frames T] [--emotional k] [--seed s] [--train] "
                    + "[--model <folder>] [--engine onnxruntime|pytorch]");
            System.exit(2);
        }
        Path faces = Path.of(args[0]);
        int t = 16;
        int k = 4;
        long seed = 7;
        boolean train = false;
        Optional<Path> model = Optional.empty();
        Optional<EngineKind> engine = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> t = Integer.parseInt(args[++i]);
                case "--emotional" -> k = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--train" -> train = true;
                case "--model" -> model = Optional.of(Path.of(args[++i]));
                case "--engine" -> engine = Optional.of(EngineKind.parse(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (k < 1 || k >= t) {
            throw new IllegalArgumentException("need 1 <= emotional < frames");
        }
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            ExpressionNet net = ExpressionNet.load(rt, model, engine);
            run(net, faces, t, k, seed, train);
        }
    }

    private static void run(ExpressionNet net, Path faces, int t, int k, long seed, boolean train) throws IOException {
        LabelSet labels = net.labels();
        Random rnd = new Random(seed);
        long t0 = System.nanoTime();
        List<Sequence> sequences = loadSequences(net, faces.resolve("ck48"), rnd);
        List<Neutral> neutrals = loadNeutrals(net, faces.resolve("fer2013/validation/neutral"), rnd, 120);
        System.out.printf(Locale.ROOT, "frames scored: %d sequences, %d neutral images (%.1f s)%n", sequences.size(),
                neutrals.size(), (System.nanoTime() - t0) / 1e9);
        int neutralLabel = labels.indexOf("neutral");
        List<Clip> clips = new ArrayList<>();
        Random clipRnd = new Random(seed + 1);
        for (Sequence s : sequences) {
            clips.add(emotionalClip(s, neutrals, t, k, clipRnd, s.subjectRank() % 2));
        }
        int neutralClips = Math.max(1, sequences.size() / 6);
        for (int i = 0; i < neutralClips; i++) {
            Neutral n = neutrals.get(clipRnd.nextInt(neutrals.size()));
            float[][] p = new float[t][];
            for (int f = 0; f < t; f++) {
                p[f] = n.variants().get(clipRnd.nextInt(n.variants().size()));
            }
            clips.add(new Clip(p, neutralLabel, n.index() % 2));
        }
        System.out.printf(Locale.ROOT, "clips: %d emotional (%d of %d frames emotional) + %d neutral%n", sequences.size(), k, t,
                neutralClips);
        List<String> names = labels.labels();
        LiftingDynamics free = LiftingDynamics.parameterFree(labels.size());
        report("mean pooling", clips, c -> argmax(LiftingDynamics.meanPool(c.probabilities())), names, neutralLabel);
        report("lifting (parameter-free)", clips, c -> free.analyze(c.probabilities()).argmax(), names, neutralLabel);
        if (train) {
            Map<Integer, LiftingDynamics> learned = new TreeMap<>();
            for (int fold = 0; fold < 2; fold++) {
                final int f = fold;
                List<LabelledClip> trainClips = new ArrayList<>();
                Random tr = new Random(seed + 10 + fold);
                for (int rep = 0; rep < 3; rep++) {
                    for (Sequence s : sequences) {
                        if (s.subjectRank() % 2 == f) {
                            trainClips.add(labelled(emotionalClip(s, neutralsOfFold(neutrals, f), t, k, tr, f)));
                        }
                    }
                    List<Neutral> nf = neutralsOfFold(neutrals, f);
                    for (int i = 0; i < neutralClips / 2; i++) {
                        Neutral n = nf.get(tr.nextInt(nf.size()));
                        float[][] p = new float[t][];
                        for (int x = 0; x < t; x++) {
                            p[x] = n.variants().get(tr.nextInt(n.variants().size()));
                        }
                        trainClips.add(labelled(new Clip(p, neutralLabel, f)));
                    }
                }
                System.out.printf(Locale.ROOT, "training fold %d on %d clips (DJL, PyTorch engine)%n", fold, trainClips.size());
                LiftingParameters p = LiftingTrainer.defaults().train(trainClips, line -> System.out.println("  " + line));
                learned.put(fold, new LiftingDynamics(p));
            }
            report("lifting (learned, other fold)", clips,
                    c -> learned.get(1 - c.fold()).analyze(c.probabilities()).argmax(), names, neutralLabel);
        }
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static List<Neutral> neutralsOfFold(List<Neutral> all, int fold) {
        return all.stream().filter(n -> n.index() % 2 == fold).toList();
    }

    private static LabelledClip labelled(Clip c) {
        float[][] e = new float[c.probabilities().length][];
        for (int i = 0; i < e.length; i++) {
            e[i] = LiftingDynamics.probabilityEmbedding(c.probabilities()[i]);
        }
        return new LabelledClip(e, c.probabilities(), c.label());
    }

    private static Clip emotionalClip(Sequence s, List<Neutral> neutrals, int t, int k, Random rnd, int fold) {
        Neutral n = neutrals.get(rnd.nextInt(neutrals.size()));
        List<float[]> emo = new ArrayList<>();
        int take = Math.min(k, s.frames().size());
        emo.addAll(s.frames().subList(s.frames().size() - take, s.frames().size()));
        while (emo.size() < k) {
            emo.add(s.copies().get(rnd.nextInt(s.copies().size())));
        }
        int offset = rnd.nextInt(t - k + 1);
        float[][] p = new float[t][];
        for (int f = 0; f < t; f++) {
            p[f] = f >= offset && f < offset + k ? emo.get(f - offset) : n.variants().get(rnd.nextInt(n.variants().size()));
        }
        return new Clip(p, s.label(), fold);
    }

    private interface Predictor {
        int predict(Clip c);
    }

    private static void report(String name, List<Clip> clips, Predictor p, List<String> names, int neutral) {
        int[] truth = new int[clips.size()];
        int[] pred = new int[clips.size()];
        int emoOk = 0;
        int emoN = 0;
        int neuOk = 0;
        int neuN = 0;
        for (int i = 0; i < clips.size(); i++) {
            truth[i] = clips.get(i).label();
            pred[i] = p.predict(clips.get(i));
            if (truth[i] == neutral) {
                neuN++;
                neuOk += pred[i] == truth[i] ? 1 : 0;
            } else {
                emoN++;
                emoOk += pred[i] == truth[i] ? 1 : 0;
            }
        }
        ClassificationReport r = ClassificationReport.of(names, truth, pred);
        System.out.printf(Locale.ROOT, "%-30s clip accuracy %.4f  macroF1 %.4f  emotional clips %.4f (%d)  neutral clips %.4f (%d)%n",
                name, r.accuracy(), r.macroF1(), emoOk / (double) emoN, emoN, neuOk / (double) Math.max(1, neuN), neuN);
    }

    private static int argmax(double[] q) {
        int b = 0;
        for (int i = 1; i < q.length; i++) {
            if (q[i] > q[b]) {
                b = i;
            }
        }
        return b;
    }

    private static List<Sequence> loadSequences(ExpressionNet net, Path ck, Random rnd) throws IOException {
        ImageDecoder dec = new ImageDecoder();
        Map<String, List<Path>> bySeq = new TreeMap<>();
        Map<String, Integer> seqLabel = new LinkedHashMap<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(ck)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            var e = EmotionLabels.find(dir.getFileName().toString());
            int label = e.isPresent() ? net.labels().emotions().indexOf(e.get()) : -1;
            if (label < 0) {
                continue;
            }
            int modelIndex = -1;
            for (int i = 0; i < net.labels().size(); i++) {
                if (net.labels().emotionAt(i) == e.get()) {
                    modelIndex = i;
                }
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.sorted().toList()) {
                    String[] parts = f.getFileName().toString().split("_");
                    String key = parts[0] + "_" + parts[1] + "_" + dir.getFileName();
                    bySeq.computeIfAbsent(key, x -> new ArrayList<>()).add(f);
                    seqLabel.put(key, modelIndex);
                }
            }
        }
        List<String> subjects = bySeq.keySet().stream().map(x -> x.substring(0, x.indexOf('_'))).distinct().sorted().toList();
        List<Sequence> out = new ArrayList<>();
        for (var e : bySeq.entrySet()) {
            List<BufferedImage> imgs = new ArrayList<>();
            for (Path f : e.getValue()) {
                imgs.add(dec.read(f));
            }
            List<BufferedImage> copies = new ArrayList<>();
            for (int i = 0; i < POOL_EMOTION; i++) {
                copies.add(perturb(imgs.get(imgs.size() - 1), rnd));
            }
            float[][] pf = net.probabilities(imgs);
            float[][] pc = net.probabilities(copies);
            String subject = e.getKey().substring(0, e.getKey().indexOf('_'));
            out.add(new Sequence(subject, subjects.indexOf(subject), seqLabel.get(e.getKey()), List.of(pf), List.of(pc)));
        }
        return out;
    }

    private static List<Neutral> loadNeutrals(ExpressionNet net, Path dir, Random rnd, int count) throws IOException {
        ImageDecoder dec = new ImageDecoder();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        List<Path> chosen = new ArrayList<>(files);
        java.util.Collections.shuffle(chosen, rnd);
        chosen = chosen.subList(0, Math.min(count, chosen.size()));
        List<Neutral> out = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            BufferedImage img = dec.read(chosen.get(i));
            List<BufferedImage> v = new ArrayList<>();
            for (int j = 0; j < POOL_NEUTRAL; j++) {
                v.add(perturb(img, rnd));
            }
            out.add(new Neutral(i, List.of(net.probabilities(v))));
        }
        return out;
    }

    /** Shift up to 2 px (edges repeated), gain 0.9-1.1, offset +-8, Gaussian noise sigma 3. */
    static BufferedImage perturb(BufferedImage img, Random rnd) {
        int w = img.getWidth();
        int h = img.getHeight();
        int dx = rnd.nextInt(5) - 2;
        int dy = rnd.nextInt(5) - 2;
        double gain = 0.9 + 0.2 * rnd.nextDouble();
        double off = -8 + 16 * rnd.nextDouble();
        byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - dy));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w - 1, Math.max(0, x - dx));
                double noise = 3 * rnd.nextGaussian();
                for (int c = 0; c < 3; c++) {
                    double v = (src[(sy * w + sx) * 3 + c] & 0xff) * gain + off + noise;
                    dst[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return out;
    }

    /** Exposed for tests: the parameter-free dynamics of a clip. */
    static ClipDynamics dynamicsOf(float[][] probabilities) {
        return LiftingDynamics.parameterFree(probabilities[0].length).analyze(probabilities);
    }
}
