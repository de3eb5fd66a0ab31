package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.FaceModels;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;
import io.github.emotion4j.vision.decode.VideoFrame;
import io.github.emotion4j.vision.decode.VideoReader;
import io.github.emotion4j.vision.face.BlazeFaceDetector;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceTracker;
import io.github.emotion4j.vision.face.VideoFaceFinder;
import io.github.emotion4j.vision.identity.PersonAssigner;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the time of the video path goes: the stages of {@link VisionAnalyzer}'s per-frame loop at
 * {@code vision.fps=0} (decode, face finding split into full scans and neighbourhood searches,
 * tracking, landmarks, the expression crop or alignment, the expression net, descriptor identity),
 * run one after the other on one thread over a video as the analyser did before it decoded ahead
 * and ran landmarks at a cadence (so: landmarks on every frame, descriptors at
 * {@code vision.identity.interval}), each timed in wall-clock and process CPU time (the engines' own
 * threads included; 10 ms granular on Linux, so only sums over many frames mean something) and the
 * calling thread's CPU time (exact, but blind to engine threads when a model runs on more than one). The loop is a copy of the analyser's, written with the same public parts, so
 * the stage sums come close to, but are not, the analyser's own figure; the program also times the
 * analyser itself on the same video for comparison.
 *
 * <p>Command line: {@code [--video <file>] [--rounds N] [--option key=value ...] [--threads N]} ({@code --threads}:
 * the analyser's executor, see {@link BenchThreads}; the stage loop always runs on one thread).
 */
public final class VideoProfile {
    private VideoProfile() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path video = Path.of("src-test-data/demo/demo.mp4");
        int rounds = 3;
        int threads = BenchThreads.DEFAULT;
        Map<String, String> options = new LinkedHashMap<>();
        options.put("vision.fps", "0");
        options.put("vision.faces", "largest");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--video" -> video = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--option" -> {
                    String[] kv = args[++i].split("=", 2);
                    options.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "video %s, options %s, analyser on the %s, load average %.2f%n", video, options,
                BenchThreads.describe(threads), load());
        try (EngineRuntime ort = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.ONNX_RUNTIME));
             VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(ort, Map.of(),
                     options, BenchThreads.executor(threads)));
             BlazeFaceDetector full = BlazeFaceDetector.create(ort).withMinFace(a.options().videoMinFace());
             BlazeFaceDetector region = BlazeFaceDetector.builder(ort).passes(BlazeFaceDetector.Passes.FRONT).minFace(0)
                     .build()) {
            for (int r = 0; r <= rounds; r++) {
                Map<String, long[]> t = profile(video, a, full, region);
                long t0 = System.nanoTime();
                long c0 = cpu();
                var res = a.analyze(io.github.emotion4j.core.MediaInput.ofFile(video));
                double wall = (System.nanoTime() - t0) / 1e6;
                double cpu = (cpu() - c0) / 1e6;
                long n = t.get("frames")[0];
                if (r == 0) {
                    System.out.println("(warm-up round)");
                }
                System.out.printf(Locale.ROOT, "round %d (load %.2f): %d frames%n", r, load(), n);
                long sumW = 0;
                long sumC = 0;
                long sumT = 0;
                for (var e : t.entrySet()) {
                    if (e.getKey().equals("frames")) {
                        continue;
                    }
                    sumW += e.getValue()[0];
                    sumC += e.getValue()[1];
                    sumT += e.getValue()[3];
                    System.out.printf(Locale.ROOT, "  %-12s wall %6.3f, process cpu %6.3f, this thread's cpu %6.3f ms/frame (%d calls)%n",
                            e.getKey(), e.getValue()[0] / 1e6 / n, e.getValue()[1] / 1e6 / n, e.getValue()[3] / 1e6 / n,
                            e.getValue()[2]);
                }
                System.out.printf(Locale.ROOT, "  %-12s wall %6.3f, process cpu %6.3f, this thread's cpu %6.3f ms/frame%n", "sum",
                        sumW / 1e6 / n, sumC / 1e6 / n, sumT / 1e6 / n);
                double frames = res.details().get("frames.sampled");
                System.out.printf(Locale.ROOT, "  analyser     wall %6.3f ms/frame, cpu %6.3f ms/frame = %.1f fps (%d frames)%n",
                        wall / frames, cpu / frames, frames * 1000 / wall, (long) frames);
            }
        }
    }

    private static Map<String, long[]> profile(Path video, VisionAnalyzer a, BlazeFaceDetector fullDetector,
                                               BlazeFaceDetector regionDetector) throws Exception {
        Map<String, long[]> t = new LinkedHashMap<>();
        for (String s : List.of("frames", "decode", "find.full", "find.region", "track", "landmarks", "crop", "expression", "identity")) {
            t.put(s, new long[4]);
        }
        FaceModels fm = a.faceModels();
        VideoFaceFinder finder = new VideoFaceFinder(fullDetector, Optional.of(regionDetector), 1.0);
        FaceTracker tracker = new FaceTracker(0.3, 1.0);
        Optional<PersonAssigner> people = fm.newAssigner();
        try (VideoReader r = VideoReader.open(video, 0)) {
            while (true) {
                Stage s = Stage.start();
                Optional<VideoFrame> next = r.next();
                s.stop(t.get("decode"));
                if (next.isEmpty()) {
                    break;
                }
                t.get("frames")[0]++;
                VideoFrame f = next.get();
                BufferedImage img = f.image();
                s = Stage.start();
                long scans = finder.fullScans();
                List<FaceBox> boxes = finder.find(img, f.timeSeconds());
                if (!boxes.isEmpty()) {
                    boxes = List.of(boxes.get(0));
                }
                s.stop(t.get(finder.fullScans() > scans ? "find.full" : "find.region"));
                if (boxes.isEmpty()) {
                    continue;
                }
                s = Stage.start();
                List<FaceTracker.TrackedFace> tracked = tracker.update(boxes, f.timeSeconds());
                s.stop(t.get("track"));
                s = Stage.start();
                List<Optional<FaceLandmarks>> lms = fm.locate(img, boxes);
                s.stop(t.get("landmarks"));
                s = Stage.start();
                List<BufferedImage> crops = new ArrayList<>();
                for (int i = 0; i < boxes.size(); i++) {
                    crops.add(fm.expressionCrop(img, Optional.of(boxes.get(i)), lms.get(i), a.options().margin()));
                }
                s.stop(t.get("crop"));
                s = Stage.start();
                a.net().probabilities(crops);
                s.stop(t.get("expression"));
                if (people.isPresent()) {
                    s = Stage.start();
                    people.get().assign(img, tracked, lms, f.timeSeconds());
                    s.stop(t.get("identity"));
                }
            }
        }
        return t;
    }

    private record Stage(long wall, long cpu0, long thread0) {
        static Stage start() {
            return new Stage(System.nanoTime(), cpu(), THREADS.getCurrentThreadCpuTime());
        }

        void stop(long[] acc) {
            acc[0] += System.nanoTime() - wall;
            acc[1] += cpu() - cpu0;
            acc[2]++;
            acc[3] += THREADS.getCurrentThreadCpuTime() - thread0;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Process CPU time in nanoseconds (all threads, the engines' included). */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
