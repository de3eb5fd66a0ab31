package io.github.emotion4j.programs.vision.fer;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.training.head.HeadFolder;
import io.github.emotion4j.training.head.LinearProbe;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.expression.ExpressionHead;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.expression.FacePreprocessor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fits the {@value ExpressionNet#ENSEMBLE_ID} head: a multinomial logistic regression
 * ({@link LinearProbe}, DJL) over the clamped log-probabilities of several bundled networks
 * ({@link ExpressionHead#features}), on the part of FER2013 train that {@link FerFineTune} held out
 * (same split: stratified, {@code --holdout}, {@code --seed}), so the fine-tuned member's outputs are
 * those of images it never trained on. FER2013 validation is not read. Prints a 5-fold
 * cross-validation on that split for each member alone and for the head, then fits the head on the
 * whole split and writes the model folder.
 *
 * <p>{@code FitExpressionEnsemble --train <fer2013/train> --out <dir> [--members
 * face-expression-net,mini-xception-fer] [--holdout 0.1] [--seed 1] [--engine onnxruntime]
 * [--l2 1e-3] [--epochs 300] [--split stratified|group] [--cache <face cache>] [--id expression-ensemble]}
 * <br>{@code --split group}: the held-out part of {@link FerDenseFineTune} and {@link FerNetFineTune}
 * (pixel-identical images on one side; the images are read through the {@link FaceCache} at
 * {@code --cache}) instead of {@link FerFineTune}'s; {@code --id}: the model id written.
 */
public final class FitExpressionEnsemble {
    private FitExpressionEnsemble() {
    }

    public static void main(String[] args) throws Exception {
        Path train = null;
        Path out = null;
        List<String> members = List.of(ExpressionNet.MODEL_ID, ExpressionNet.MINI_XCEPTION_FER_ID);
        double holdout = 0.1;
        long seed = 1;
        Optional<EngineKind> engine = Optional.of(EngineKind.ONNX_RUNTIME);
        double l2 = 1e-3;
        int epochs = 300;
        String splitKind = "stratified";
        Path cache = null;
        String id = ExpressionNet.ENSEMBLE_ID;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--train" -> train = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--members" -> members = Arrays.stream(args[++i].split(",")).map(String::strip).toList();
                case "--holdout" -> holdout = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--engine" -> engine = Optional.of(EngineKind.parse(args[++i]));
                case "--l2" -> l2 = Double.parseDouble(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--split" -> splitKind = args[++i];
                case "--cache" -> cache = Path.of(args[++i]);
                case "--id" -> id = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (train == null || out == null) {
            System.err.println("usage: FitExpressionEnsemble --train <fer2013/train> --out <dir> [--members a,b] "
                    + "[--holdout f] [--seed n] [--engine onnxruntime|pytorch] [--l2 x] [--epochs n]");
            System.exit(2);
        }
        List<String> labels = FerFineTune.LABELS;
        List<Path> files = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            try (Stream<Path> s = Files.list(train.resolve(labels.get(k)))) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(f);
                    ys.add(k);
                }
            }
        }
        int[] yAll = ys.stream().mapToInt(Integer::intValue).toArray();
        int[] dev;
        if (splitKind.equals("group")) {
            if (cache == null) {
                throw new IllegalArgumentException("--split group needs --cache <face cache file>");
            }
            FaceCache faces = FaceCache.load(train, labels, cache);
            if (faces.size() != files.size() || !Arrays.equals(faces.y(), yAll)) {
                throw new IllegalStateException("the face cache " + cache + " does not list the images of " + train);
            }
            int side = faces.side();
            long[] hash = new long[yAll.length];
            for (int i = 0; i < hash.length; i++) {
                hash[i] = FerNetFineTune.pixelHash(faces.pixels(), i * side * side, side * side);
            }
            dev = FerDenseFineTune.groupSplit(yAll, hash, labels.size(), holdout, seed)[1];
        } else if (splitKind.equals("stratified")) {
            dev = FerFineTune.split(yAll, labels.size(), holdout, seed)[1];
        } else {
            throw new IllegalArgumentException("--split stratified or group, not " + splitKind);
        }
        System.out.printf(Locale.ROOT, "held-out part of train: %d of %d images (%s, seed %d)%n", dev.length,
                files.size(), splitKind, seed);
        List<Emotion> order = LabelSet.FER2013.emotions();
        ImageDecoder decoder = new ImageDecoder();
        int[] y = new int[dev.length];
        // per member: probabilities of each image and of its mirror image, in the member's label order
        float[][][] plain = new float[members.size()][dev.length][];
        float[][][] flipped = new float[members.size()][dev.length][];
        List<ExpressionNet> nets = new ArrayList<>();
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            for (String m : members) {
                nets.add(ExpressionNet.load(rt, m, Optional.empty(), engine));
            }
            int batch = 64;
            for (int b0 = 0; b0 < dev.length; b0 += batch) {
                int n = Math.min(batch, dev.length - b0);
                List<BufferedImage> imgs = new ArrayList<>();
                List<BufferedImage> mirrors = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    BufferedImage img = decoder.read(files.get(dev[b0 + i]));
                    imgs.add(img);
                    mirrors.add(FacePreprocessor.mirror(img));
                    y[b0 + i] = yAll[dev[b0 + i]];
                }
                for (int m = 0; m < nets.size(); m++) {
                    float[][] p = nets.get(m).probabilities(imgs);
                    float[][] q = nets.get(m).probabilities(mirrors);
                    for (int i = 0; i < n; i++) {
                        plain[m][b0 + i] = p[i];
                        flipped[m][b0 + i] = q[i];
                    }
                }
            }
        }
        List<String> names = order.stream().map(Emotion::word).toList();
        LinearProbe.Config cfg = new LinearProbe.Config(epochs, 0.05, l2, false);
        ClassificationReport best = null;
        boolean bestFlip = false;
        float[][] bestX = null;
        for (boolean flip : new boolean[] {false, true}) {
            float[][] x = new float[dev.length][];
            int[][] memberPred = new int[members.size()][dev.length];
            for (int i = 0; i < dev.length; i++) {
                List<Float> joint = new ArrayList<>();
                for (int m = 0; m < members.size(); m++) {
                    float[] p = plain[m][i].clone();
                    if (flip) {
                        for (int k = 0; k < p.length; k++) {
                            p[k] = (p[k] + flipped[m][i][k]) / 2;
                        }
                    }
                    for (float v : ExpressionHead.features(p)) {
                        joint.add(v);
                    }
                    memberPred[m][i] = order.indexOf(nets.get(m).labels().emotionAt(argmax(p)));
                }
                x[i] = new float[joint.size()];
                for (int j = 0; j < joint.size(); j++) {
                    x[i][j] = joint.get(j);
                }
            }
            String how = flip ? "with mirror averaging" : "without mirror averaging";
            for (int m = 0; m < members.size(); m++) {
                System.out.printf(Locale.ROOT, "%s alone %s on the held-out part: accuracy %.4f%n", members.get(m), how,
                        ClassificationReport.of(names, y, memberPred[m]).accuracy());
            }
            ClassificationReport cv = crossValidate(x, y, labels.size(), cfg, 5, names);
            System.out.printf(Locale.ROOT, "head over %s %s, 5-fold cross-validation on the held-out part: accuracy %.4f%n",
                    members, how, cv.accuracy());
            if (best == null || cv.accuracy() > best.accuracy()) {
                best = cv;
                bestFlip = flip;
                bestX = x;
            }
        }
        System.out.println("picked: " + (bestFlip ? "with" : "without") + " mirror averaging (higher cross-validated accuracy)");
        ClassificationReport cv = best;
        float[][] x = bestX;
        {
            DenseHead head = LinearProbe.fit(x, y, labels.size(), cfg);
            String command = "FitExpressionEnsemble " + String.join(" ", args);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("metric.trainHoldoutCv5.accuracy", String.format(Locale.ROOT, "%.4f", cv.accuracy()));
            extra.put("metric.trainHoldoutCv5.n", Integer.toString(cv.n()));
            extra.put("command", command);
            extra.put("head.flipAverage", Boolean.toString(bestFlip));
            HeadFolder.write(new HeadFolder.Spec(id, Modality.VISION, String.join(",", members), order,
                    head, "FER2013 train, the " + dev.length + " images " + (splitKind.equals("group")
                            ? "FerDenseFineTune and FerNetFineTune held out (pixel-identical images on one side, " : "FerFineTune held out (")
                            + "stratified " + holdout
                            + ", seed " + seed + ")", null, command,
                    "multinomial logistic regression (LinearProbe, DJL Adam, " + epochs + " full-batch steps, L2 " + l2
                            + ", unweighted classes) over the clamped log-probabilities of " + members,
                    extra, Map.of()), out);
            // HeadFolder words the card for user-trained heads; this one is bundled
            Path props = out.resolve("model.properties");
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(props)) {
                if (line.startsWith("# model card written by")) {
                    line = "# Generated by io.github.emotion4j.programs.vision.fer.FitExpressionEnsemble (models/programs); do not edit by hand.";
                } else if (line.startsWith("source=emotion4j train-head: ")) {
                    line = "source=" + line.substring("source=emotion4j train-head: ".length());
                } else if (line.startsWith("license=")) {
                    line = "license=head: trained by emotion4j on FER2013 train (research use); members: MIT (see their cards)";
                }
                lines.add(line);
            }
            Files.write(props, lines);
            System.out.println("wrote " + out);
        }
    }

    static ClassificationReport crossValidate(float[][] x, int[] y, int classes, LinearProbe.Config cfg, int folds,
                                              List<String> names) {
        int[] pred = new int[y.length];
        for (int f = 0; f < folds; f++) {
            List<Integer> fitIdx = new ArrayList<>();
            List<Integer> testIdx = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                (i % folds == f ? testIdx : fitIdx).add(i);
            }
            DenseHead h = LinearProbe.fit(fitIdx.stream().map(i -> x[i]).toArray(float[][]::new),
                    fitIdx.stream().mapToInt(i -> y[i]).toArray(), classes, cfg);
            for (int i : testIdx) {
                pred[i] = argmax(h.forward(x[i]));
            }
        }
        return ClassificationReport.of(names, y, pred);
    }

    static int argmax(float[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[k]) {
                k = i;
            }
        }
        return k;
    }
}
