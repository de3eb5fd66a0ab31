package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.decode.VideoFrame;
import io.github.emotion4j.vision.decode.VideoReader;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.BlazeFaceDetector;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.face.FaceDetector;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Frames per second of the whole per-frame video pipeline — decode (FFmpeg, every frame), face
 * detection (BlazeFace on ONNX Runtime by default, {@code --detector haar} for the Haar cascade),
 * crop, preprocessing and the expression network — on a 640x480 video with one face, for the
 * expression network on ONNX Runtime and on DJL's PyTorch engine (the detector runs on ONNX
 * Runtime in both): through {@link VisionAnalyzer} at {@code vision.fps=0} (every frame; the full
 * detector at least once a second and whenever a face is lost, the detector on each face's
 * neighbourhood in between, plus tracking and dynamics), and optionally with the full-frame detector
 * on every frame. The two engines run in alternating rounds; medians are printed with the load average.
 * Also decode-only and detection-only rates and the engines' ratio (analyser path). On CPUs
 * without NNPACK support libtorch prints "Could not initialize NNPACK" warnings to stderr; they do
 * not affect the figures. Without {@code --video} a video is generated from a face image (default:
 * the astronaut crop in {@code src-test-data/vision}), moving slowly over a gradient.
 *
 * <p>Command line: {@code [--face <image>] [--frames N] [--video <existing video>] [--model <folder>]
 * [--detector blazeface|haar] [--rounds N] [--every-frame] [--threads N]} ({@code --every-frame}: also the full-frame
 * detector on every frame, without the analyser's tracking; {@code --threads}: the analysers' executor, see
 * {@link BenchThreads}, default {@code max(2, cores)} like a recognizer's own pool, 0 = the calling thread only).
 */
public final class VisionBenchmark {
    private VisionBenchmark() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path face = Path.of("src-test-data/vision/astronaut-face.jpg");
        int frames = 300;
        Path video = null;
        Optional<Path> model = Optional.empty();
        String detectorName = "blazeface";
        int rounds = 5;
        boolean everyFrame = false;
        int threads = BenchThreads.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--face" -> face = Path.of(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--video" -> video = Path.of(args[++i]);
                case "--model" -> model = Optional.of(Path.of(args[++i]));
                case "--detector" -> detectorName = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--every-frame" -> everyFrame = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (video == null) {
            video = Files.createTempFile("emotion4j-bench", ".mp4");
            video.toFile().deleteOnExit();
            BenchVideo.write(video, new ImageDecoder().read(face), 640, 480, 25, frames);
        }
        System.out.printf(Locale.ROOT, "video: %s%n", video);
        System.out.printf(Locale.ROOT, "cpu cores: %d, java %s, load average at start %.2f, analysers on the %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load(),
                BenchThreads.describe(threads));
        java.util.concurrent.Executor executor = BenchThreads.executor(threads);
        double decode = decodeOnly(video);
        System.out.printf(Locale.ROOT, "decode only:                 %7.1f fps%n", decode);
        Map<EngineKind, List<Double>> fps = new EnumMap<>(EngineKind.class);
        Map<EngineKind, List<Double>> fullFps = new EnumMap<>(EngineKind.class);
        Map<EngineKind, List<Double>> cpu = new EnumMap<>(EngineKind.class);
        try (EngineRuntime ort = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.ONNX_RUNTIME));
             EngineRuntime djl = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.PYTORCH));
             HaarFaceDetector haar = HaarFaceDetector.create();
             BlazeFaceDetector blaze = BlazeFaceDetector.create(ort)) {
            FaceDetector detector = detectorName.equals("haar") ? haar : blaze;
            double detect = decodeDetect(video, detector, 60);
            System.out.printf(Locale.ROOT, "decode + full-frame detect (%s), first 60 frames: %7.1f fps%n", detector.name(), detect);
            Map<EngineKind, ExpressionNet> nets = new EnumMap<>(EngineKind.class);
            Map<EngineKind, VisionAnalyzer> analyzers = new EnumMap<>(EngineKind.class);
            for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
                EngineRuntime rt = k == EngineKind.ONNX_RUNTIME ? ort : djl;
                ExpressionNet net = ExpressionNet.load(rt, model, Optional.of(k));
                nets.put(k, net);
                System.out.printf(Locale.ROOT, "expression network alone, batch 1 (%s): %.2f ms per face%n",
                        k.displayName(), networkOnly(net, new ImageDecoder().read(face)));
                Map<String, String> options = Map.of("vision.fps", "0", "vision.faces", "largest", "vision.detector",
                        detectorName);
                Map<io.github.emotion4j.core.Modality, Path> folders = model.isPresent()
                        ? Map.of(io.github.emotion4j.core.Modality.VISION, model.get()) : Map.of();
                analyzers.put(k, (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(rt, folders,
                        options, executor)));
                analyzer(video, analyzers.get(k), true);  // warm-up, prints what it found
            }
            for (int round = 0; round < rounds; round++) {
                for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
                    fps.computeIfAbsent(k, x -> new ArrayList<>()).add(analyzer(video, analyzers.get(k), false));
                    cpu.computeIfAbsent(k, x -> new ArrayList<>()).add(lastCpuMs);
                    if (everyFrame) {
                        fullFps.computeIfAbsent(k, x -> new ArrayList<>()).add(full(video, detector, nets.get(k),
                                Integer.MAX_VALUE));
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: analyser ORT %.1f, DJL %.1f fps; process CPU ORT %.2f, DJL %.2f ms/frame"
                        + " (load %.2f)%n", round + 1, last(fps.get(EngineKind.ONNX_RUNTIME)), last(fps.get(EngineKind.PYTORCH)),
                        last(cpu.get(EngineKind.ONNX_RUNTIME)), last(cpu.get(EngineKind.PYTORCH)), load());
                if (everyFrame) {
                    System.out.printf(Locale.ROOT, "round %d: full-frame detect every frame ORT %.1f, DJL %.1f fps%n",
                            round + 1, last(fullFps.get(EngineKind.ONNX_RUNTIME)), last(fullFps.get(EngineKind.PYTORCH)));
                }
            }
            for (VisionAnalyzer a : analyzers.values()) {
                a.close();
            }
        }
        for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
            System.out.printf(Locale.ROOT, "VisionAnalyzer, vision.fps=0 (decode + %s detect + expression + dynamics) "
                    + "(%s): median %7.1f fps of %d rounds, process CPU %.2f ms/frame%n", detectorName, k.displayName(),
                    median(fps.get(k)), rounds, median(cpu.get(k)));
            if (everyFrame) {
                System.out.printf(Locale.ROOT, "decode + full-frame detect + expression, every frame (%s): median %7.1f fps%n",
                        k.displayName(), median(fullFps.get(k)));
            }
        }
        System.out.printf(Locale.ROOT, "ratio DJL PyTorch / ONNX Runtime (analyser fps, medians): %.3f%n",
                median(fps.get(EngineKind.PYTORCH)) / median(fps.get(EngineKind.ONNX_RUNTIME)));
        System.out.printf(Locale.ROOT, "load average at end %.2f%n", load());
    }

    /** Process CPU time per frame of the last {@link #analyzer} run, ms (all threads: decoding ahead, engines, GC). */
    private static double lastCpuMs;

    /** Process CPU time, ns (10 ms granular on Linux: meaningful over a whole video, not a frame). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double last(List<Double> l) {
        return l.get(l.size() - 1);
    }

    private static double median(List<Double> l) {
        double[] v = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The one-minute load average, or -1 where the system does not tell. */
    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The analyser's whole video path at {@code vision.fps=0} (every frame); returns frames per second. */
    private static double analyzer(Path video, VisionAnalyzer a, boolean print) throws Exception {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        ModalityResult r = a.analyze(MediaInput.ofFile(video));
        double s = (System.nanoTime() - t0) / 1e9;
        double n = r.details().get("frames.sampled");
        lastCpuMs = (cpuNanos() - c0) / 1e6 / n;
        if (print) {
            System.out.printf(Locale.ROOT, "  %s: %d frames, face in %d, %d full scans; top %s%n",
                    a.models().get(0).engine(), (long) n, r.details().get("frames.withFace").longValue(),
                    r.details().get("frames.fullScans").longValue(),
                    r.distribution().map(d -> d.top().toString()).orElse("none"));
        }
        return n / s;
    }

    private static double decodeOnly(Path video) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        try (VideoReader r = VideoReader.open(video, 0)) {
            while (r.next().isPresent()) {
                n++;
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double decodeDetect(Path video, FaceDetector detector, int limit) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        try (VideoReader r = VideoReader.open(video, 0)) {
            for (Optional<VideoFrame> f = r.next(); f.isPresent() && n < limit; f = r.next()) {
                detector.detect(f.get().image());
                n++;
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** The per-frame pipeline over at most {@code limit} frames; returns frames per second. */
    private static double full(Path video, FaceDetector detector, ExpressionNet net, int limit) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        long faces = 0;
        try (VideoReader r = VideoReader.open(video, 0)) {
            for (Optional<VideoFrame> f = r.next(); f.isPresent() && n < limit; f = r.next()) {
                List<FaceBox> boxes = detector.detect(f.get().image());
                if (!boxes.isEmpty()) {
                    net.probabilities(List.of(FaceCrops.crop(f.get().image(), boxes.get(0), 0.2)));
                    faces++;
                }
                n++;
            }
        }
        if (limit == Integer.MAX_VALUE && faces < n * 0.9) {
            System.out.printf(Locale.ROOT, "  warning: a face was found in only %d of %d frames%n", faces, n);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double networkOnly(ExpressionNet net, BufferedImage face) {
        for (int i = 0; i < 20; i++) {
            net.probabilities(List.of(face));
        }
        int n = 200;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            net.probabilities(List.of(face));
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    /** Writes the benchmark video; kept apart so tests could reuse it. */
    static final class BenchVideo {
        private BenchVideo() {
        }

        static void write(Path file, BufferedImage face, int w, int h, double fps, int frames) throws Exception {
            int side = h / 2;
            io.github.emotion4j.vision.decode.VideoWriter.writeH264(file, frames, i -> {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = img.createGraphics();
                g.setPaint(new java.awt.GradientPaint(0, 0, new Color(70, 80, 90), w, h, new Color(170, 160, 150)));
                g.fillRect(0, 0, w, h);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                int x = (w - side) / 2 + (int) Math.round(60 * Math.sin(i / 25.0));
                int y = (h - side) / 2 + (int) Math.round(20 * Math.cos(i / 40.0));
                g.drawImage(face, x, y, side, side, null);
                g.dispose();
                return img;
            }, fps);
        }
    }
}
