package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.vision.FaceExpression;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionOptions;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.expression.ExpressionModel;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evaluates the vision analyser on a labelled image folder: one sub-folder per label, named with
 * dataset words ({@code angry}, {@code happy}, {@code sad}, {@code surprise}, ...; anything
 * {@link EmotionLabels} parses). Folders whose emotion the model cannot predict (e.g. CK+'s
 * {@code contempt}) and folders with unknown names are skipped and listed. The classes of the
 * report are the model's emotions; images in which no face is found are counted under an extra
 * class {@code none}.
 *
 * <p>Command line ({@code main}): {@code <folder> [--detect] [--engine onnxruntime|pytorch]
 * [--json <file>] [--limit <n per class>] [--model <folder>] [--expression ensemble|face-expression-net|face-expression-net-mirror|face-expression-net-fer|face-expression-net-fer-whole|mini-xception|mini-xception-fer]}
 * ({@code --expression}: a bundled model as {@code vision.expression} names it; default face-expression-net). Without {@code --detect} every image is taken as a
 * face crop (datasets of aligned faces); with it, faces are detected first.
 */
public final class FaceFolderEvaluator {
    private static final int BATCH = 32;

    /**
     * The outcome of an evaluation.
     *
     * @param report   the classification report
     * @param skipped  sub-folders left out, with the reason
     * @param noFace   images in which no face was found
     * @param seconds  wall-clock time
     */
    public record Result(ClassificationReport report, List<String> skipped, int noFace, double seconds) {
        public Result {
            Objects.requireNonNull(report, "report");
            skipped = List.copyOf(skipped);
        }

        /** The report as text, with the skipped folders. */
        public String toText() {
            StringBuilder sb = new StringBuilder(report.toText());
            if (!skipped.isEmpty()) {
                sb.append("skipped: ").append(String.join("; ", skipped)).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "no face found: %d%ntime: %.1f s%n", noFace, seconds));
            return sb.toString();
        }

        /** The report as JSON, with {@code skipped}, {@code noFace} and {@code seconds} added. */
        public String toJson() {
            String r = report.toJson();
            StringBuilder sb = new StringBuilder(r.substring(0, r.length() - 1));
            sb.append(",\"skipped\":[");
            for (int i = 0; i < skipped.size(); i++) {
                sb.append(i > 0 ? "," : "").append('"').append(skipped.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            sb.append("],\"noFace\":").append(noFace).append(",\"seconds\":")
                    .append(String.format(Locale.ROOT, "%.3f", seconds)).append('}');
            return sb.toString();
        }
    }

    private FaceFolderEvaluator() {
    }

    /**
     * Evaluates.
     *
     * @param analyzer      the analyser (its options decide detection)
     * @param folder        the labelled folder
     * @param detect        detect faces first; otherwise every image is a face crop
     * @param limitPerClass at most this many images per class (0 = all), taken in file-name order
     */
    public static Result evaluate(VisionAnalyzer analyzer, Path folder, boolean detect, int limitPerClass)
            throws IOException {
        Objects.requireNonNull(analyzer, "analyzer");
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new IOException("not a folder: " + folder);
        }
        long t0 = System.nanoTime();
        List<Emotion> classes = new ArrayList<>(analyzer.net().labels().emotions());
        List<String> names = new ArrayList<>(classes.stream().map(Emotion::word).toList());
        List<String> skipped = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        int noFace = 0;
        ImageDecoder decoder = new ImageDecoder();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(folder)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            String word = dir.getFileName().toString();
            Optional<Emotion> e = EmotionLabels.find(word);
            if (e.isEmpty()) {
                skipped.add(word + " (unknown label)");
                continue;
            }
            int cls = classes.indexOf(e.get());
            if (cls < 0) {
                skipped.add(word + " (" + e.get().word() + " is not among the model's labels)");
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            if (limitPerClass > 0 && files.size() > limitPerClass) {
                files = files.subList(0, limitPerClass);
            }
            List<BufferedImage> batch = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                BufferedImage img;
                try {
                    img = decoder.read(files.get(i));
                } catch (MediaDecodeException ex) {
                    skipped.add(files.get(i) + " (" + ex.getMessage() + ")");
                    continue;
                }
                if (detect) {
                    List<FaceExpression> faces = analyzer.faces(img);
                    truth.add(cls);
                    if (faces.isEmpty()) {
                        noFace++;
                        pred.add(-1);
                    } else {
                        pred.add(argmax(faces.get(0), classes));
                    }
                } else {
                    batch.add(img);
                    if (batch.size() == BATCH || i == files.size() - 1) {
                        for (FaceExpression f : analyzer.precropped(batch)) {
                            truth.add(cls);
                            pred.add(argmax(f, classes));
                        }
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                for (FaceExpression f : analyzer.precropped(batch)) {
                    truth.add(cls);
                    pred.add(argmax(f, classes));
                }
            }
        }
        if (noFace > 0) {
            names.add("none");
        }
        int none = names.size() - 1;
        int[] t = truth.stream().mapToInt(Integer::intValue).toArray();
        int[] p = pred.stream().mapToInt(x -> x < 0 ? none : x).toArray();
        return new Result(ClassificationReport.of(names, t, p), skipped, noFace, (System.nanoTime() - t0) / 1e9);
    }

    private static int argmax(FaceExpression f, List<Emotion> classes) {
        return classes.indexOf(f.distribution().top().label());
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FaceFolderEvaluator <folder> [--detect] [--engine onnxruntime|pytorch] "
                    + "[--json <file>] [--limit <n per class>] [--model <folder>] [--expression <bundled model>]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        boolean detect = false;
        Optional<EngineKind> engine = Optional.empty();
        Path json = null;
        int limit = 0;
        Optional<Path> model = Optional.empty();
        ExpressionModel expression = ExpressionModel.FACE_EXPRESSION_NET;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--detect" -> detect = true;
                case "--engine" -> engine = Optional.of(EngineKind.parse(args[++i]));
                case "--json" -> json = Path.of(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--model" -> model = Optional.of(Path.of(args[++i]));
                case "--expression" -> expression = ExpressionModel.OPTION.parse(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            ExpressionNet net = model.isPresent() ? ExpressionModel.loadFolder(rt, model.get(), engine) : expression.load(rt, engine);
            VisionOptions opts = VisionOptions.defaults().withDetect(detect ? VisionOptions.Detect.AUTO : VisionOptions.Detect.NEVER)
                    .withFaces(io.github.emotion4j.vision.face.FaceSelection.LARGEST);
            try (VisionAnalyzer a = new VisionAnalyzer(net, HaarFaceDetector.create(), opts,
                    LiftingDynamics.parameterFree(net.labels().size()))) {
                Result r = evaluate(a, folder, detect, limit);
                System.out.println("model: " + net.info() + (net.members().isEmpty() ? "" : " over " + net.models()));
                System.out.println("folder: " + folder + (detect ? " (faces detected)" : " (images are face crops)"));
                System.out.print(r.toText());
                if (json != null) {
                    Files.writeString(json, r.toJson());
                    System.out.println("JSON written to " + json);
                }
            }
        }
    }
}
