package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.identity.FaceDescriptorNet;
import io.github.emotion4j.vision.identity.FaceIdentities;
import io.github.emotion4j.vision.landmarks.FaceAligner;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Measurements behind the landmark, alignment and identity defaults of emotion-vision.
 *
 * <ul>
 *   <li>{@code align <faces>}: does aligning faces by their landmarks ({@link FaceAligner}) help the
 *       expression net? The geometry (eye distance x eye height) is chosen on a class-balanced
 *       subset of {@code fer2013/train} (the first {@code --tune N} files per class in name order),
 *       then "no alignment" and the chosen geometry are reported once on {@code fer2013/validation}
 *       and {@code ck48} (contempt excluded): accuracy, macro-F1, per-class recall, confusion.</li>
 *   <li>{@code identity <faces>}: descriptor distances of CK+48 image pairs of the same subject (from
 *       different sequences only, so not near-duplicate frames) and of different subjects; ROC,
 *       equal error rate and the rates at {@link FaceIdentities#DEFAULT_THRESHOLD}.</li>
 * </ul>
 * <ul>
 *   <li>{@code report <faces>}: the held-out part alone with {@link FaceAligner#DEFAULT} (the best
 *       geometry of the tuning grid); with {@code --rotate D} every image is first tilted by +D or
 *       -D degrees (alternately), the case alignment is for.</li>
 * </ul>
 * <ul>
 *   <li>{@code tune-auto <faces>}: chooses {@code vision.align} (off, on, auto with a tilt threshold)
 *       on the tuning split taken upright and tilted by +-{@code --rotate} (default 20) degrees,
 *       then reports off vs the choice on the held-out sets, upright and tilted.</li>
 * </ul>
 * Command line: {@code align|identity|report|tune-auto <faces folder> [--engine onnxruntime|pytorch] [--tune N] [--rotate D]}.
 */
public final class FaceLandmarkEvaluation {
    private static final int BATCH = 32;

    private FaceLandmarkEvaluation() {
    }

    record Sample(BufferedImage image, int label, String name) {
    }

    static List<Sample> load(Path folder, List<Emotion> classes, int perClass) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<Sample> out = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(folder)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            Optional<Emotion> e = EmotionLabels.find(dir.getFileName().toString());
            int cls = e.map(classes::indexOf).orElse(-1);
            if (cls < 0) {
                System.out.println("skipped folder " + dir.getFileName());
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            if (perClass > 0 && files.size() > perClass) {
                files = files.subList(0, perClass);
            }
            for (Path f : files) {
                out.add(new Sample(decoder.read(f), cls, f.getFileName().toString()));
            }
        }
        return out;
    }

    static List<FaceLandmarks> landmarks(LandmarkNet net, List<Sample> samples) {
        List<FaceLandmarks> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += BATCH) {
            out.addAll(net.ofCrops(samples.subList(i, Math.min(samples.size(), i + BATCH)).stream().map(Sample::image).toList()));
        }
        return out;
    }

    static ClassificationReport classify(ExpressionNet net, List<Sample> samples, List<FaceLandmarks> lm,
                                         Optional<FaceAligner> aligner, List<Emotion> classes) {
        return classify(net, samples, lm, aligner, l -> true, classes);
    }

    /** Faces for which {@code when} holds are aligned with {@code aligner}, the others read as they are. */
    static ClassificationReport classify(ExpressionNet net, List<Sample> samples, List<FaceLandmarks> lm,
                                         Optional<FaceAligner> aligner, java.util.function.Predicate<FaceLandmarks> when,
                                         List<Emotion> classes) {
        int[] truth = new int[samples.size()];
        int[] pred = new int[samples.size()];
        for (int i = 0; i < samples.size(); i += BATCH) {
            List<BufferedImage> batch = new ArrayList<>();
            for (int j = i; j < Math.min(samples.size(), i + BATCH); j++) {
                BufferedImage img = samples.get(j).image();
                batch.add(aligner.isPresent() && when.test(lm.get(j)) ? aligner.get().align(img, lm.get(j)) : img);
            }
            float[][] p = net.probabilities(batch);
            for (int k = 0; k < p.length; k++) {
                truth[i + k] = samples.get(i + k).label();
                pred[i + k] = classes.indexOf(net.distribution(p[k]).top().label());
            }
        }
        return ClassificationReport.of(classes.stream().map(Emotion::word).toList(), truth, pred);
    }

    /** The image rotated by {@code degrees} about its centre, black outside (a tilted face). */
    static BufferedImage rotate(BufferedImage img, double degrees) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.rotate(Math.toRadians(degrees), img.getWidth() / 2.0, img.getHeight() / 2.0);
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Held-out report with a fixed geometry; {@code rotate} > 0 tilts image i by +rotate (even i) or -rotate (odd i). */
    static void report(Path faces, Optional<EngineKind> engine, FaceAligner geometry, double rotate) throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            ExpressionNet net = ExpressionNet.load(rt, Optional.empty(), engine);
            LandmarkNet lmNet = LandmarkNet.load(rt, Optional.empty(), engine);
            List<Emotion> classes = new ArrayList<>(net.labels().emotions());
            for (String set : List.of("fer2013/validation", "ck48")) {
                List<Sample> s = load(faces.resolve(set), classes, 0);
                if (rotate > 0) {
                    s = tilted(s, rotate);
                }
                List<FaceLandmarks> lm = landmarks(lmNet, s);
                String what = set + (rotate > 0 ? String.format(Locale.ROOT, " tilted by +-%.0f degrees", rotate) : "");
                System.out.println("\n== " + what + " (" + s.size() + " images), no alignment");
                System.out.print(classify(net, s, lm, Optional.empty(), classes).toText());
                System.out.println("== " + what + ", aligned: " + geometry);
                System.out.print(classify(net, s, lm, Optional.of(geometry), classes).toText());
            }
        }
    }

    static List<Sample> tilted(List<Sample> s, double degrees) {
        List<Sample> r = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            r.add(new Sample(rotate(s.get(i).image(), i % 2 == 0 ? degrees : -degrees), s.get(i).label(), s.get(i).name()));
        }
        return r;
    }

    /**
     * Chooses {@code vision.align} among off, on and auto (align when the eye line is tilted by more
     * than 5, 10 or 15 degrees) with {@link FaceAligner#DEFAULT}, on the tuning split taken twice:
     * upright and tilted by +-{@code degrees}; then reports the choice on the held-out sets, upright
     * and tilted.
     */
    static void tuneAuto(Path faces, Optional<EngineKind> engine, int tune, double degrees) throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            ExpressionNet net = ExpressionNet.load(rt, Optional.empty(), engine);
            LandmarkNet lmNet = LandmarkNet.load(rt, Optional.empty(), engine);
            List<Emotion> classes = new ArrayList<>(net.labels().emotions());
            List<Sample> upright = load(faces.resolve("fer2013/train"), classes, tune);
            List<Sample> mixed = new ArrayList<>(upright);
            mixed.addAll(tilted(upright, degrees));
            List<FaceLandmarks> lm = landmarks(lmNet, mixed);
            System.out.printf(Locale.ROOT, "tuning split: fer2013/train, first %d files per class, upright + tilted +-%.0f: %d images%n",
                    tune, degrees, mixed.size());
            Optional<FaceAligner> a = Optional.of(FaceAligner.DEFAULT);
            String best = "off";
            double bestAcc = classify(net, mixed, lm, Optional.empty(), classes).accuracy();
            System.out.printf(Locale.ROOT, "  off: %.4f%n", bestAcc);
            double on = classify(net, mixed, lm, a, classes).accuracy();
            System.out.printf(Locale.ROOT, "  on: %.4f%n", on);
            if (on > bestAcc) {
                bestAcc = on;
                best = "on";
            }
            double bestT = Double.NaN;
            for (double t : new double[] {5, 10, 15}) {
                double acc = classify(net, mixed, lm, a, l -> Math.abs(Math.toDegrees(l.eyeAngle())) > t, classes).accuracy();
                System.out.printf(Locale.ROOT, "  auto, tilt > %.0f degrees: %.4f%n", t, acc);
                if (acc > bestAcc) {
                    bestAcc = acc;
                    best = "auto";
                    bestT = t;
                }
            }
            System.out.println("chosen on the tuning split: " + best + (best.equals("auto") ? " > " + bestT + " degrees" : ""));
            final double thr = best.equals("auto") ? bestT : best.equals("on") ? -1 : 1e9;
            for (String set : List.of("fer2013/validation", "ck48")) {
                List<Sample> s0 = load(faces.resolve(set), classes, 0);
                for (List<Sample> s : List.of(s0, tilted(s0, degrees))) {
                    List<FaceLandmarks> l = landmarks(lmNet, s);
                    String what = set + (s == s0 ? " upright" : String.format(Locale.ROOT, " tilted +-%.0f", degrees));
                    System.out.println("\n== " + what + " (" + s.size() + " images), off");
                    System.out.print(classify(net, s, l, Optional.empty(), classes).toText());
                    System.out.println("== " + what + ", chosen: " + best);
                    System.out.print(classify(net, s, l, a, x -> Math.abs(Math.toDegrees(x.eyeAngle())) > thr, classes).toText());
                }
            }
        }
    }

    static void align(Path faces, Optional<EngineKind> engine, int tune) throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            ExpressionNet net = ExpressionNet.load(rt, Optional.empty(), engine);
            LandmarkNet lmNet = LandmarkNet.load(rt, Optional.empty(), engine);
            List<Emotion> classes = new ArrayList<>(net.labels().emotions());
            System.out.println("expression model: " + net.info() + "\nlandmark model: " + lmNet.info());
            long t0 = System.nanoTime();
            List<Sample> train = load(faces.resolve("fer2013/train"), classes, tune);
            List<FaceLandmarks> trainLm = landmarks(lmNet, train);
            System.out.printf(Locale.ROOT, "tuning split: fer2013/train, first %d files per class in name order: %d images%n",
                    tune, train.size());
            double best = classify(net, train, trainLm, Optional.empty(), classes).accuracy();
            System.out.printf(Locale.ROOT, "  no alignment: accuracy %.4f%n", best);
            Optional<FaceAligner> chosen = Optional.empty();
            for (double d : new double[] {0.34, 0.38, 0.42, 0.46}) {
                for (double h : new double[] {0.36, 0.40, 0.44}) {
                    FaceAligner a = new FaceAligner(112, d, h);
                    double acc = classify(net, train, trainLm, Optional.of(a), classes).accuracy();
                    System.out.printf(Locale.ROOT, "  eyes %.2f apart at %.2f: accuracy %.4f%n", d, h, acc);
                    if (acc > best) {
                        best = acc;
                        chosen = Optional.of(a);
                    }
                }
            }
            System.out.println("chosen on the tuning split: " + chosen.map(Object::toString).orElse("no alignment"));
            for (String set : List.of("fer2013/validation", "ck48")) {
                List<Sample> s = load(faces.resolve(set), classes, 0);
                List<FaceLandmarks> lm = landmarks(lmNet, s);
                System.out.println("\n== " + set + " (" + s.size() + " images), no alignment");
                System.out.print(classify(net, s, lm, Optional.empty(), classes).toText());
                FaceAligner a = chosen.orElse(FaceAligner.DEFAULT);
                System.out.println("== " + set + ", aligned: " + a + (chosen.isEmpty() ? " (library default, not chosen)" : ""));
                System.out.print(classify(net, s, lm, Optional.of(a), classes).toText());
            }
            System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    static void identity(Path faces, Optional<EngineKind> engine) throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            LandmarkNet lmNet = LandmarkNet.load(rt, Optional.empty(), engine);
            FaceDescriptorNet dNet = FaceDescriptorNet.load(rt, Optional.empty(), engine);
            System.out.println("landmark model: " + lmNet.info() + "\ndescriptor model: " + dNet.info());
            List<Sample> all = load(faces.resolve("ck48"), List.of(Emotion.values()), 0);
            List<FaceLandmarks> lm = landmarks(lmNet, all);
            List<float[]> desc = new ArrayList<>();
            for (int i = 0; i < all.size(); i += BATCH) {
                int end = Math.min(all.size(), i + BATCH);
                for (int j = i; j < end; j++) {
                    desc.addAll(dNet.describe(all.get(j).image(), List.of(lm.get(j))));
                }
            }
            List<Double> same = new ArrayList<>();
            List<Double> diff = new ArrayList<>();
            int sameSequence = 0;
            for (int i = 0; i < all.size(); i++) {
                String[] a = all.get(i).name().split("_");
                for (int j = i + 1; j < all.size(); j++) {
                    String[] b = all.get(j).name().split("_");
                    double d = FaceDescriptorNet.distance(desc.get(i), desc.get(j));
                    if (!a[0].equals(b[0])) {
                        diff.add(d);
                    } else if (!a[1].equals(b[1])) {
                        same.add(d);
                    } else {
                        sameSequence++;
                    }
                }
            }
            double[] s = same.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] o = diff.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long subjects = all.stream().map(x -> x.name().split("_")[0]).distinct().count();
            System.out.printf(Locale.ROOT, "CK+48: %d images of %d subjects; %d same-subject pairs (different sequences), "
                    + "%d different-subject pairs; %d same-sequence pairs left out%n", all.size(), subjects, s.length, o.length,
                    sameSequence);
            System.out.printf(Locale.ROOT, "same subject distance: median %.3f, 5%% %.3f, 95%% %.3f%n", q(s, 0.5), q(s, 0.05), q(s, 0.95));
            System.out.printf(Locale.ROOT, "different subjects:    median %.3f, 5%% %.3f, 95%% %.3f%n", q(o, 0.5), q(o, 0.05), q(o, 0.95));
            System.out.println("threshold  TPR(same<t)  FPR(diff<t)");
            double eer = Double.NaN;
            double eerT = Double.NaN;
            double gap = Double.MAX_VALUE;
            double auc = 0;
            double prevF = 0;
            double prevT = 0;
            for (int k = 0; k <= 300; k++) {
                double t = k * 0.005;
                double tpr = below(s, t);
                double fpr = below(o, t);
                auc += (fpr - prevF) * (tpr + prevT) / 2;
                prevF = fpr;
                prevT = tpr;
                if (Math.abs((1 - tpr) - fpr) < gap) {
                    gap = Math.abs((1 - tpr) - fpr);
                    eer = (1 - tpr + fpr) / 2;
                    eerT = t;
                }
                if (k % 10 == 0 || Math.abs(t - FaceIdentities.DEFAULT_THRESHOLD) < 1e-9) {
                    System.out.printf(Locale.ROOT, "%9.3f  %11.4f  %11.4f%n", t, tpr, fpr);
                }
            }
            auc += (1 - prevF) * (1 + prevT) / 2;
            System.out.printf(Locale.ROOT, "EER %.4f at threshold %.3f; ROC AUC %.4f%n", eer, eerT, auc);
            System.out.printf(Locale.ROOT, "at %.2f: same-subject pairs accepted %.4f, different-subject pairs accepted %.4f%n",
                    FaceIdentities.DEFAULT_THRESHOLD, below(s, FaceIdentities.DEFAULT_THRESHOLD), below(o, FaceIdentities.DEFAULT_THRESHOLD));
        }
    }

    private static double q(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    private static double below(double[] sorted, double t) {
        int i = Arrays.binarySearch(sorted, t);
        int n = i >= 0 ? i : -i - 1;
        return (double) n / sorted.length;
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FaceLandmarkEvaluation align|identity <faces folder> [--engine onnxruntime|pytorch] [--tune N]");
            System.exit(2);
        }
        Optional<EngineKind> engine = Optional.empty();
        int tune = 200;
        double rotate = 0;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--engine" -> engine = Optional.of(EngineKind.parse(args[++i]));
                case "--tune" -> tune = Integer.parseInt(args[++i]);
                case "--rotate" -> rotate = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        switch (args[0]) {
            case "align" -> align(Path.of(args[1]), engine, tune);
            case "identity" -> identity(Path.of(args[1]), engine);
            case "report" -> report(Path.of(args[1]), engine, FaceAligner.DEFAULT, rotate);
            case "tune-auto" -> tuneAuto(Path.of(args[1]), engine, tune, rotate > 0 ? rotate : 20);
            default -> throw new IllegalArgumentException("align or identity, not " + args[0]);
        }
    }
}
