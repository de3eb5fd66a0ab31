package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionOptions;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.decode.VideoFrame;
import io.github.emotion4j.vision.decode.VideoReader;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.face.FaceDetector;
import io.github.emotion4j.vision.face.FaceSelection;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import io.github.emotion4j.vision.face.VideoFaceFinder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Frames per second of the whole per-frame pipeline — decode (FFmpeg, every frame), Haar face
 * detection, crop, preprocessing and the expression network — on a 640x480 H.264 video with one
 * face, for ONNX Runtime and DJL's PyTorch engine: once with a full-frame scan on every frame,
 * once through {@link VisionAnalyzer} at {@code vision.fps=0} (every frame; full scans once a
 * second, the face's neighbourhood in between, plus tracking and dynamics). Also decode-only and
 * detection-only rates and the engines' ratio (analyser path). On CPUs without NNPACK support
 * libtorch prints "Could not initialize NNPACK" warnings to stderr; they do not affect the figures. The video is generated first from a face image (default: the astronaut
 * crop in {@code src-test-data/vision}), moving slowly over a gradient.
 *
 * <p>Command line: {@code [--face <image>] [--frames N] [--video <existing video>] [--model <folder>]}.
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--face" -> face = Path.of(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--video" -> video = Path.of(args[++i]);
                case "--model" -> model = Optional.of(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (video == null) {
            video = Files.createTempFile("emotion4j-bench", ".mp4");
            video.toFile().deleteOnExit();
            BenchVideo.write(video, new ImageDecoder().read(face), 640, 480, 25, frames);
        }
        System.out.printf(Locale.ROOT, "video: %s (640x480 H.264, %d frames, one face)%n", video, frames);
        System.out.printf(Locale.ROOT, "cpu cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        double decode = decodeOnly(video);
        System.out.printf(Locale.ROOT, "decode only:                 %7.1f fps%n", decode);
        try (HaarFaceDetector detector = HaarFaceDetector.create()) {
            double detect = decodeDetect(video, detector);
            System.out.printf(Locale.ROOT, "decode + detect:             %7.1f fps%n", detect);
            Map<EngineKind, Double> fps = new EnumMap<>(EngineKind.class);
            try (EngineRuntime rt = EngineRuntime.cpu()) {
                for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
                    ExpressionNet net = ExpressionNet.load(rt, model, Optional.of(k));
                    double netOnly = networkOnly(net, new ImageDecoder().read(face));
                    System.out.printf(Locale.ROOT, "expression network alone, batch 1 (%s): %.2f ms per face%n",
                            k.displayName(), netOnly);
                    double everyFrame = full(video, detector, net, Integer.MAX_VALUE);
                    System.out.printf(Locale.ROOT, "decode + full-frame detect + expression, every frame (%s): %7.1f fps%n",
                            k.displayName(), everyFrame);
                    double f = analyzer(video, net);
                    fps.put(k, f);
                    System.out.printf(Locale.ROOT, "VisionAnalyzer, every frame (decode + tracked detect + expression + "
                            + "dynamics) (%s): %7.1f fps%n", k.displayName(), f);
                }
            }
            System.out.printf(Locale.ROOT, "ratio DJL PyTorch / ONNX Runtime (fps): %.3f%n",
                    fps.get(EngineKind.PYTORCH) / fps.get(EngineKind.ONNX_RUNTIME));
        }
    }

    /** The analyser's whole video path at {@code vision.fps=0} (every frame); returns frames per second. */
    private static double analyzer(Path video, ExpressionNet net) throws Exception {
        VisionOptions opts = VisionOptions.defaults().withFps(0).withFaces(FaceSelection.LARGEST);
        try (VisionAnalyzer a = new VisionAnalyzer(net, HaarFaceDetector.create(), Optional.of(VideoFaceFinder.regionDetector()),
                opts, LiftingDynamics.parameterFree(net.labels().size()))) {
            a.analyze(MediaInput.ofFile(video));
            long t0 = System.nanoTime();
            ModalityResult r = a.analyze(MediaInput.ofFile(video));
            double s = (System.nanoTime() - t0) / 1e9;
            double n = r.details().get("frames.sampled");
            System.out.printf(Locale.ROOT, "  %d frames, face in %d, %d full scans; top %s%n", (long) n,
                    r.details().get("frames.withFace").longValue(), r.details().get("frames.fullScans").longValue(),
                    r.distribution().map(d -> d.top().toString()).orElse("none"));
            return n / s;
        }
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

    private static double decodeDetect(Path video, FaceDetector detector) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        try (VideoReader r = VideoReader.open(video, 0)) {
            for (Optional<VideoFrame> f = r.next(); f.isPresent(); f = r.next()) {
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
