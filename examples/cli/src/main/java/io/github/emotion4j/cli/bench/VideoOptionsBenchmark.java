package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The video path ({@link VisionAnalyzer} at {@code vision.fps=0}, {@code vision.faces=largest}, ONNX
 * Runtime) under several option sets, in alternating rounds after one warm-up round: frames per
 * second, process CPU time per frame (every thread: decoding ahead, engines, GC; 10 ms granular, so
 * meaningful over a whole video) and the calling thread's CPU time per frame (exact; with
 * {@code vision.decodeAhead} on, the rest runs on the decoding thread). On a machine shared with
 * other jobs the CPU times are the figures to compare; medians are printed with the load average.
 * The warm-up round prints each option set's details (landmark runs, descriptors, full scans).
 *
 * <p>Command line: {@code <video> <rounds> <option set> ...}, an option set being
 * {@code key=value,key=value} or {@code -} for the defaults, e.g.
 * {@code src-test-data/demo/demo.mp4 3 - vision.decodeAhead=0}. The pseudo-option {@code bench.threads=N} sets the
 * analyser's executor ({@link BenchThreads}; default {@code max(2, cores)} like a recognizer's own pool, 0 = the
 * calling thread only), e.g. {@code - bench.threads=0} compares the video pipeline with the sequential path.
 */
public final class VideoOptionsBenchmark {
    private VideoOptionsBenchmark() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: <video> <rounds> <option set> ...");
        }
        Path video = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("vision.fps", "0");
            o.put("vision.faces", "largest");
            if (!args[i].equals("-")) {
                for (String kv : args[i].split(",")) {
                    String[] p = kv.split("=", 2);
                    o.put(p[0], p[1]);
                }
            }
            configs.add(o);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (EngineRuntime ort = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.ONNX_RUNTIME))) {
            List<VisionAnalyzer> analyzers = new ArrayList<>();
            for (var o : configs) {
                Map<String, String> options = new LinkedHashMap<>(o);
                String t = options.remove("bench.threads");
                int n = t == null ? BenchThreads.DEFAULT : Integer.parseInt(t);
                analyzers.add((VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(ort, Map.of(), options,
                        BenchThreads.executor(n))));
            }
            Map<Integer, List<double[]>> res = new HashMap<>();
            for (int r = -1; r < rounds; r++) {
                for (int c = 0; c < analyzers.size(); c++) {
                    long t0 = System.nanoTime();
                    long c0 = os.getProcessCpuTime();
                    long th0 = threads.getCurrentThreadCpuTime();
                    ModalityResult m = analyzers.get(c).analyze(MediaInput.ofFile(video));
                    double wall = (System.nanoTime() - t0) / 1e6;
                    double cpu = (os.getProcessCpuTime() - c0) / 1e6;
                    double th = (threads.getCurrentThreadCpuTime() - th0) / 1e6;
                    double n = m.details().get("frames.sampled");
                    if (r < 0) {
                        System.out.printf(Locale.ROOT, "set %d %s (warm-up): %s, top %s%n", c, configs.get(c), m.details(),
                                m.distribution().map(d -> d.top().toString()).orElse("none"));
                        continue;
                    }
                    res.computeIfAbsent(c, k -> new ArrayList<>()).add(new double[] {n * 1000 / wall, cpu / n, th / n});
                    System.out.printf(Locale.ROOT, "round %d set %d: %.1f fps, process CPU %.2f ms/frame, calling thread %.2f"
                            + " (load %.2f)%n", r + 1, c, n * 1000 / wall, cpu / n, th / n, os.getSystemLoadAverage());
                }
            }
            for (int c = 0; c < analyzers.size(); c++) {
                System.out.printf(Locale.ROOT, "set %d %s: median %.1f fps, process CPU %.2f ms/frame, calling thread %.2f%n",
                        c, configs.get(c), median(res.get(c), 0), median(res.get(c), 1), median(res.get(c), 2));
                analyzers.get(c).close();
            }
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(x -> x[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
