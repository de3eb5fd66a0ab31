package io.github.emotion4j.programs.vision;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.face.BlazeFaceDetector;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceDetector;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Face detection on a generated face-in-scene set: face crops of the shared data (FER2013 train
 * and CK+48, 48x48 grey) pasted at a random side of 24-300 pixels (log-uniform), a random position
 * and a rotation of up to 20 degrees either way, several per image, into synthetic 640x480 and
 * 1920x1080 backgrounds (value noise, gradients, stripes and checkers, random shapes, lines and
 * text; no faces). Everything is drawn from one seed, so a seed is a fixed set.
 *
 * <p>The truth box of a face is the axis-aligned square of the pasted crop's side around its
 * centre (rotation does not change the face's size). A detection matches the unmatched truth box
 * it overlaps most if their IoU is at least 0.5 (detections taken by score, best first); every
 * other detection is a false positive. Printed: recall, false positives per 10 images, recall by
 * face size, image size and source, for each detector, and for BlazeFace at several score
 * thresholds (from one run at the lowest threshold, then filtered: this sweep is for choosing the
 * threshold on a development seed; the reported figures come from a run at the chosen threshold).
 *
 * <p>Command line: {@code <faces folder> [--seed N] [--images N] [--min-face PX] [--score P]
 * [--tile-face PX] [--sweep] [--haar] [--dump <folder>] [--calibrate] [--list] [--time N] [--no-refine] [--min-face-fraction F] [--no-upright]} ({@code --list}: the scenes with a miss or a false positive;
 * {@code --time N}: times N detections of the seed's first scene of each size instead; faces folder: {@code ../shared/data/faces}, with
 * {@code fer2013/train/<label>/*.jpg} and {@code ck48/<label>/*.png}).
 */
public final class DetectionEvaluation {
    /** IoU a detection needs with a truth box to count as found. */
    public static final double IOU = 0.5;

    private DetectionEvaluation() {
    }

    /**
     * A pasted face: its truth box, where the crop came from ({@code fer2013} or {@code ck48}), its
     * rotation in degrees and the crop file.
     */
    public record Truth(FaceBox box, String source, double degrees, Path file) {
    }

    /** A generated scene and the kind of its background. */
    public record Scene(BufferedImage image, List<Truth> faces, String background) {
    }

    /** Counts of one evaluation. */
    public static final class Tally {
        int images;
        int truths;
        int found;
        int falsePositives;
        int fpOnFace;
        final int[] binTruths = new int[4];
        final int[] binFound = new int[4];
        final java.util.Map<String, int[]> bySource = new java.util.TreeMap<>();
        final java.util.Map<String, int[]> byImage = new java.util.TreeMap<>();
        double seconds;

        /** Recall at IoU 0.5. */
        public double recall() {
            return truths == 0 ? 0 : (double) found / truths;
        }

        /** False positives per 10 images. */
        public double fpPer10() {
            return images == 0 ? 0 : 10.0 * falsePositives / images;
        }

        String text() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "recall %.4f (%d/%d), false positives %d (%d overlapping a face) in %d images = %.2f per 10 images, "
                            + "%.0f ms/image%n",
                    recall(), found, truths, falsePositives, fpOnFace, images, fpPer10(), 1000 * seconds / Math.max(1, images)));
            String[] bins = {"24-47", "48-95", "96-191", "192-300"};
            sb.append("  by face side:");
            for (int i = 0; i < 4; i++) {
                sb.append(String.format(Locale.ROOT, " %s px %d/%d", bins[i], binFound[i], binTruths[i]));
            }
            sb.append("\n  by source:");
            bySource.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %d/%d", k, v[1], v[0])));
            sb.append("\n  by image:");
            byImage.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s found %d/%d fp %d", k, v[1], v[0], v[2])));
            return sb.append('\n').toString();
        }
    }

    /** Face crop files of the shared data for scenes: FER2013 train or CK+48 (all labels), sorted, without every fifth. */
    static List<Path> faceFiles(Path faces, String sub) throws IOException {
        return files(faces, sub, false);
    }

    /**
     * The crops of a folder, sorted: {@code calibration} = every 100th file (index 0, 100, ...), the
     * set on which {@link BlazeFaceDetector#FACE_BOX_SCALE} was measured; otherwise every file whose
     * index is not a multiple of 5 (the scenes never use a calibration crop).
     */
    static List<Path> files(Path faces, String sub, boolean calibration) throws IOException {
        Path root = faces.resolve(sub);
        if (!Files.isDirectory(root)) {
            throw new IOException("no folder " + root);
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted()
                    .toList();
            // every fifth file is left out: BlazeFaceDetector's box framing was measured on some of those
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (calibration ? i % 100 == 0 : i % 5 != 0) {
                    out.add(all.get(i));
                }
            }
            return out;
        }
    }

    /** Generates scene {@code index} of a seed's set. */
    static Scene scene(long seed, int index, List<Path> fer, List<Path> ck) throws IOException {
        Random r = new Random(seed * 1_000_003L + index);
        boolean big = index % 2 == 1;
        int w = big ? 1920 : 640;
        int h = big ? 1080 : 480;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        String kind = background(g, img, r);
        int n = big ? 3 + r.nextInt(6) : 1 + r.nextInt(4);
        List<Truth> truths = new ArrayList<>();
        ImageDecoder dec = new ImageDecoder();
        for (int tries = 0; truths.size() < n && tries < 200; tries++) {
            int side = (int) Math.round(Math.exp(Math.log(24) + r.nextDouble() * (Math.log(300) - Math.log(24))));
            double angle = Math.toRadians(-20 + 40 * r.nextDouble());
            // the rotated square must lie inside the image
            int reach = (int) Math.ceil(side * (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle))) / 2) + 1;
            if (2 * reach >= Math.min(w, h)) {
                continue;
            }
            int cx = reach + r.nextInt(w - 2 * reach);
            int cy = reach + r.nextInt(h - 2 * reach);
            FaceBox box = new FaceBox(cx - side / 2, cy - side / 2, side, side, 1);
            FaceBox keepOut = new FaceBox(cx - reach, cy - reach, 2 * reach, 2 * reach, 1);
            if (truths.stream().anyMatch(t -> overlaps(t.box, keepOut, 8))) {
                continue;
            }
            boolean useCk = r.nextBoolean();
            List<Path> pool = useCk ? ck : fer;
            Path file = pool.get(r.nextInt(pool.size()));
            BufferedImage face = dec.read(file);
            AffineTransform at = new AffineTransform();
            at.translate(cx, cy);
            at.rotate(angle);
            at.translate(-side / 2.0, -side / 2.0);
            at.scale((double) side / face.getWidth(), (double) side / face.getHeight());
            g.drawImage(face, at, null);
            truths.add(new Truth(box, useCk ? "ck48" : "fer2013", Math.toDegrees(angle), file));
        }
        g.dispose();
        return new Scene(img, List.copyOf(truths), kind);
    }

    private static boolean overlaps(FaceBox a, FaceBox b, int gap) {
        return a.x() - gap < b.x() + b.width() && b.x() - gap < a.x() + a.width()
                && a.y() - gap < b.y() + b.height() && b.y() - gap < a.y() + a.height();
    }

    private static Color colour(Random r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /** A background without faces: a base (value noise, gradient, pixel noise, stripes, checkers) plus shapes, lines and text. */
    private static String background(Graphics2D g, BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        int kind = r.nextInt(5);
        switch (kind) {
            case 0 -> { // value noise: a small random grid enlarged smoothly
                int gw = 4 + r.nextInt(28);
                BufferedImage small = new BufferedImage(gw, Math.max(2, gw * h / w), BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < small.getHeight(); y++) {
                    for (int x = 0; x < gw; x++) {
                        small.setRGB(x, y, colour(r).getRGB());
                    }
                }
                g.drawImage(small, 0, 0, w, h, null);
            }
            case 1 -> {
                g.setPaint(new GradientPaint(r.nextInt(w), r.nextInt(h), colour(r), r.nextInt(w), r.nextInt(h), colour(r)));
                g.fillRect(0, 0, w, h);
            }
            case 2 -> { // pixel noise around a random colour
                Color c = colour(r);
                int amp = 10 + r.nextInt(80);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = r.nextInt(2 * amp + 1) - amp;
                        img.setRGB(x, y, new Color(clamp(c.getRed() + v), clamp(c.getGreen() + v), clamp(c.getBlue() + v)).getRGB());
                    }
                }
            }
            case 3 -> { // stripes at an angle
                g.setColor(colour(r));
                g.fillRect(0, 0, w, h);
                AffineTransform old = g.getTransform();
                g.rotate(r.nextDouble() * Math.PI, w / 2.0, h / 2.0);
                int period = 6 + r.nextInt(60);
                g.setColor(colour(r));
                for (int x = -w; x < 2 * w; x += period) {
                    g.fillRect(x, -h, period / 2, 3 * h);
                }
                g.setTransform(old);
            }
            default -> { // checkers
                int cell = 8 + r.nextInt(80);
                Color a = colour(r);
                Color b = colour(r);
                for (int y = 0; y < h; y += cell) {
                    for (int x = 0; x < w; x += cell) {
                        g.setColor(((x / cell + y / cell) & 1) == 0 ? a : b);
                        g.fillRect(x, y, cell, cell);
                    }
                }
            }
        }
        int shapes = 5 + r.nextInt(40);
        for (int i = 0; i < shapes; i++) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.3f + 0.7f * r.nextFloat()));
            g.setColor(colour(r));
            int sw = 5 + r.nextInt(w / 4);
            int sh = 5 + r.nextInt(h / 4);
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            switch (r.nextInt(4)) {
                case 0 -> g.fillOval(x, y, sw, sh);
                case 1 -> g.fillRect(x, y, sw, sh);
                case 2 -> {
                    g.setStroke(new BasicStroke(1 + r.nextInt(8)));
                    g.drawLine(x, y, r.nextInt(w), r.nextInt(h));
                }
                default -> {
                    g.setFont(new Font(Font.SANS_SERIF, r.nextBoolean() ? Font.BOLD : Font.PLAIN, 10 + r.nextInt(60)));
                    StringBuilder s = new StringBuilder();
                    for (int k = 0, n = 3 + r.nextInt(12); k < n; k++) {
                        s.append((char) ('A' + r.nextInt(58)));
                    }
                    g.drawString(s.toString(), x, y);
                }
            }
        }
        g.setComposite(AlphaComposite.SrcOver);
        return new String[] {"value-noise", "gradient", "pixel-noise", "stripes", "checkers"}[kind];
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int bin(int side) {
        return side < 48 ? 0 : side < 96 ? 1 : side < 192 ? 2 : 3;
    }

    /** Scores one image's detections (already filtered) into a tally. */
    static void score(Scene s, List<FaceBox> detected, Tally t) {
        List<FaceBox> dets = new ArrayList<>(detected);
        dets.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        boolean[] used = new boolean[s.faces().size()];
        int found = 0;
        int fp = 0;
        for (FaceBox d : dets) {
            int best = -1;
            double bestIou = IOU;
            for (int i = 0; i < used.length; i++) {
                double iou = s.faces().get(i).box().iou(d);
                if (!used[i] && iou >= bestIou) {
                    best = i;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                used[best] = true;
                found++;
            } else {
                fp++;
                boolean onFace = s.faces().stream().anyMatch(tr -> tr.box().iou(d) > 0);
                if (onFace) {
                    t.fpOnFace++;
                }
            }
        }
        t.images++;
        t.truths += used.length;
        t.found += found;
        t.falsePositives += fp;
        for (int i = 0; i < used.length; i++) {
            Truth tr = s.faces().get(i);
            int b = bin(tr.box().width());
            t.binTruths[b]++;
            t.binFound[b] += used[i] ? 1 : 0;
            int[] c = t.bySource.computeIfAbsent(tr.source(), k -> new int[2]);
            c[0]++;
            c[1] += used[i] ? 1 : 0;
        }
        int[] c = t.byImage.computeIfAbsent(s.image().getWidth() + "x" + s.image().getHeight(), k -> new int[3]);
        c[0] += used.length;
        c[1] += found;
        c[2] += fp;
    }

    /**
     * Measures how BlazeFace frames a face crop: each calibration crop ({@link #files}) pasted at 160
     * pixels in the middle of a 400x400 grey image, the detection overlapping it most (IoU >= 0.2)
     * compared with the crop square. Prints the medians of the centre offset and the side (fractions
     * of the crop side), and the same for Haar. Run with {@link BlazeFaceDetector#FACE_BOX_SCALE} in
     * effect, the sides come out near 1.
     */
    static void calibrate(Path faces, EngineRuntime rt) throws Exception {
        List<Path> crops = new ArrayList<>(files(faces, "fer2013/train", true));
        crops.addAll(files(faces, "ck48", true));
        ImageDecoder dec = new ImageDecoder();
        try (BlazeFaceDetector b = BlazeFaceDetector.builder(rt).minFace(0).build();
             HaarFaceDetector h = HaarFaceDetector.create()) {
            for (FaceDetector det : List.of(b, h)) {
                List<double[]> v = new ArrayList<>();
                int miss = 0;
                for (Path p : crops) {
                    BufferedImage canvas = new BufferedImage(400, 400, BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = canvas.createGraphics();
                    g.setColor(Color.GRAY);
                    g.fillRect(0, 0, 400, 400);
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(dec.read(p), 120, 120, 160, 160, null);
                    g.dispose();
                    FaceBox truth = new FaceBox(120, 120, 160, 160, 1);
                    FaceBox best = det.detect(canvas).stream().max(Comparator.comparingDouble(x -> x.iou(truth))).orElse(null);
                    if (best == null || best.iou(truth) < 0.2) {
                        miss++;
                        continue;
                    }
                    v.add(new double[] {(best.x() + best.width() / 2.0 - 200) / 160, (best.y() + best.height() / 2.0 - 200) / 160,
                            best.width() / 160.0, best.height() / 160.0, best.iou(truth), best.score()});
                }
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %d crops, %d not found; medians:",
                        det.name(), crops.size(), miss));
                String[] names = {"dx", "dy", "w", "h", "IoU", "score"};
                for (int k = 0; k < names.length; k++) {
                    final int kk = k;
                    double[] x = v.stream().mapToDouble(r -> r[kk]).sorted().toArray();
                    sb.append(String.format(Locale.ROOT, " %s %.3f", names[k], x.length == 0 ? Double.NaN : x[x.length / 2]));
                }
                System.out.println(sb.append(" (fractions of the crop side)"));
                double[] ious = v.stream().mapToDouble(r -> r[4]).sorted().toArray();
                if (ious.length > 0) {
                    long under = java.util.Arrays.stream(ious).filter(x -> x < IOU).count();
                    long under6 = java.util.Arrays.stream(ious).filter(x -> x < 0.6).count();
                    System.out.printf(Locale.ROOT, "  IoU with the crop square: 5%% %.3f, 10%% %.3f, 25%% %.3f; under %.1f: %d, "
                                    + "under 0.6: %d of %d found (crops framed unlike the median: the truth box of the scenes "
                                    + "misses their face even when the detector finds it)%n", ious[ious.length / 20],
                            ious[ious.length / 10], ious[ious.length / 4], IOU, under, under6, ious.length);
                }
            }
        }
    }

    /**
     * Times full-image detection: for each scene (the seed's first 640x480 and first 1920x1080), two
     * warm-up calls, then {@code reps} calls; prints the median wall time and the median CPU time
     * of the whole process (all threads, ONNX Runtime's included) per call.
     */
    static void time(FaceDetector det, List<Scene> scenes, int reps) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (Scene s : scenes) {
            det.detect(s.image());
            det.detect(s.image());
            double[] wall = new double[reps];
            double[] cpu = new double[reps];
            int faces = 0;
            for (int i = 0; i < reps; i++) {
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                faces = det.detect(s.image()).size();
                wall[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
            }
            java.util.Arrays.sort(wall);
            java.util.Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "%s %dx%d: median wall %.1f ms, median process CPU %.1f ms per detection "
                            + "(%d calls, %d faces found, load %.1f)%n", det.name(), s.image().getWidth(), s.image().getHeight(),
                    wall[reps / 2], cpu[reps / 2], reps, faces, os.getSystemLoadAverage());
        }
    }

    /**
     * The detector under test. The newer settings are only passed when they differ from the
     * defaults, so the program also runs against an older {@code BlazeFaceDetector} first on the
     * class path (the before/after timing of the detector's README section).
     */
    static BlazeFaceDetector detector(EngineRuntime rt, int minFace, int tileFace, double score, boolean refine,
                                      double minFaceFraction, boolean upright) throws Exception {
        BlazeFaceDetector.Builder b = BlazeFaceDetector.builder(rt).minFace(minFace).tileFace(tileFace).minScore(score);
        if (!refine) {
            b.refineBoxes(false);
        }
        if (minFaceFraction != BlazeFaceDetector.MIN_FACE_FRACTION) {
            b.minFaceFraction(minFaceFraction);
        }
        if (!upright) {
            b.upright(false);
        }
        return b.build();
    }

    /** Command-line entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DetectionEvaluation <faces folder> [--seed N] [--images N] [--min-face PX] "
                    + "[--score P] [--tile-face PX] [--sweep] [--haar] [--dump <folder>] [--calibrate] [--list] [--time N] "
                    + "[--no-refine] [--min-face-fraction F] [--no-upright]");
            System.exit(2);
        }
        Path faces = Path.of(args[0]);
        long seed = 1;
        int images = 40;
        int minFace = 24;
        double score = 0.6;
        boolean sweep = false;
        boolean haar = false;
        Path dump = null;
        boolean calibrate = false;
        boolean list = false;
        int tileFace = 36;
        int time = 0;
        boolean refine = true;
        boolean upright = true;
        double minFaceFraction = BlazeFaceDetector.MIN_FACE_FRACTION;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--min-face" -> minFace = Integer.parseInt(args[++i]);
                case "--score" -> score = Double.parseDouble(args[++i]);
                case "--sweep" -> sweep = true;
                case "--haar" -> haar = true;
                case "--dump" -> dump = Path.of(args[++i]);
                case "--calibrate" -> calibrate = true;
                case "--list" -> list = true;
                case "--tile-face" -> tileFace = Integer.parseInt(args[++i]);
                case "--time" -> time = Integer.parseInt(args[++i]);
                case "--no-refine" -> refine = false;
                case "--no-upright" -> upright = false;
                case "--min-face-fraction" -> minFaceFraction = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (calibrate) {
            try (EngineRuntime rt = EngineRuntime.cpu()) {
                calibrate(faces, rt);
            }
            return;
        }
        List<Path> fer = faceFiles(faces, "fer2013/train");
        List<Path> ck = faceFiles(faces, "ck48");
        if (time > 0) {
            try (EngineRuntime rt = EngineRuntime.cpu();
                 BlazeFaceDetector det = detector(rt, minFace, tileFace, score, refine, minFaceFraction, upright)) {
                time(det, List.of(scene(seed, 0, fer, ck), scene(seed, 1, fer, ck)), time);
            }
            return;
        }
        double[] thresholds = sweep ? new double[] {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8} : new double[] {score};
        double low = thresholds[0];
        Tally[] blaze = new Tally[thresholds.length];
        for (int i = 0; i < blaze.length; i++) {
            blaze[i] = new Tally();
        }
        Tally haarTally = new Tally();
        try (EngineRuntime rt = EngineRuntime.cpu();
             BlazeFaceDetector det = detector(rt, minFace, tileFace, low, refine, minFaceFraction, upright);
             FaceDetector h = haar ? HaarFaceDetector.create() : null) {
            System.out.println("detector: " + det.name() + ", score >= " + low + "; seed " + seed + ", " + images + " images");
            for (int i = 0; i < images; i++) {
                Scene s = scene(seed, i, fer, ck);
                long t0 = System.nanoTime();
                List<FaceBox> found = det.detect(s.image());
                double sec = (System.nanoTime() - t0) / 1e9;
                if (list) {
                    Tally one = new Tally();
                    score(s, found.stream().filter(b -> b.score() >= thresholds[0]).toList(), one);
                    if (one.found < one.truths || one.falsePositives > 0) {
                        System.out.printf(Locale.ROOT, "scene %d (%dx%d): found %d/%d, false positives %d; truth %s; detected %s%n",
                                i, s.image().getWidth(), s.image().getHeight(), one.found, one.truths, one.falsePositives,
                                s.faces().stream().map(t -> t.box().toString()).toList(), found);
                    }
                }
                for (int k = 0; k < thresholds.length; k++) {
                    double th = thresholds[k];
                    score(s, found.stream().filter(b -> b.score() >= th).toList(), blaze[k]);
                    blaze[k].seconds += sec;
                }
                if (h != null) {
                    long t1 = System.nanoTime();
                    List<FaceBox> hf = h.detect(s.image());
                    haarTally.seconds += (System.nanoTime() - t1) / 1e9;
                    score(s, hf, haarTally);
                }
                if (dump != null) {
                    Files.createDirectories(dump);
                    BufferedImage copy = new BufferedImage(s.image().getWidth(), s.image().getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = copy.createGraphics();
                    g.drawImage(s.image(), 0, 0, null);
                    g.setStroke(new BasicStroke(2));
                    g.setColor(Color.GREEN);
                    s.faces().forEach(t -> g.drawRect(t.box().x(), t.box().y(), t.box().width(), t.box().height()));
                    g.setColor(Color.RED);
                    final double shown = score;
                    found.stream().filter(b -> b.score() >= shown).forEach(b -> g.drawRect(b.x(), b.y(), b.width(), b.height()));
                    g.dispose();
                    ImageIO.write(copy, "png", dump.resolve(String.format(Locale.ROOT, "scene-%d-%03d.png", seed, i)).toFile());
                }
            }
        }
        for (int k = 0; k < thresholds.length; k++) {
            System.out.printf(Locale.ROOT, "BlazeFace (minFace %d, score >= %.2f): %s", minFace, thresholds[k], blaze[k].text());
        }
        if (haar) {
            System.out.print("Haar (alt2, library defaults): " + haarTally.text());
        }
    }
}
