package io.github.emotion4j.cli;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.cli.bench.FusionBenchmark;
import io.github.emotion4j.cli.bench.VisionBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emotion4j bench}: end-to-end speed of each modality through the public API on the demo
 * media (a sentence, a face photo, a speech clip, the demo video): median and 90th-percentile
 * latency, throughput, real-time factor for timed media, and, with {@code --compare-engines},
 * the ONNX Runtime / PyTorch ratio; then emotion-vision's pipeline benchmark on the demo video and
 * emotion-fusion's own fusion benchmark (microseconds per
 * fusion per strategy and the ratio to late fusion). Timings are wall-clock on this machine;
 * nothing is asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures end-to-end speed per modality on the demo media and prints figures and ratios.",
                "Media defaults to src-test-data/demo (run from the repository root) or --media DIR."})
public final class BenchCommand implements Callable<Integer> {
    static final List<String> SENTENCES = List.of(
            "I can't believe we finally won the championship!",
            "This is the worst service I have ever had, I'm furious.",
            "The meeting is scheduled for three o'clock on Tuesday.",
            "I miss her so much, nothing feels the same anymore.",
            "Ugh, there is mould all over the bread, that's revolting.",
            "Wait, you did all of this for me? I had no idea!",
            "I'm scared to walk home alone in the dark tonight.",
            "Thanks for the update, I'll take a look later.");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--modalities", split = ",", paramLabel = "audio,vision,text",
            description = "Modalities to measure (default: every modality module on the classpath).")
    List<String> modalities;

    @Option(names = "--media", paramLabel = "DIR", description = "Folder with demo.wav, face.jpg and demo.mp4 (default: src-test-data/demo).")
    Path media;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "20", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "20",
            description = "Stop timing a case after S seconds (at least 3 timed runs; default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--compare-engines", description = "Run every case on ONNX Runtime and on PyTorch and print the ratio.")
    boolean compareEngines;

    @Option(names = "--vision-benchmark", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run emotion-vision's VisionBenchmark on demo.mp4 (decode, detect, network on both engines; "
                    + "about a minute; default: on).")
    boolean visionBenchmark;

    @Option(names = "--fusion-calls", paramLabel = "N", defaultValue = "20000",
            description = "Calls per strategy in emotion-fusion's fusion benchmark (0 = skip it; default: ${DEFAULT-VALUE}).")
    int fusionCalls;

    @Mixin
    RecognizerOptions recognizer;

    /** One measured case. */
    record Result(Modality modality, String what, String engine, String ran, double[] millis, Optional<Double> mediaSeconds) {
        double median() {
            return percentile(0.5);
        }

        double percentile(double q) {
            double[] s = millis.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = media != null ? media : Path.of("src-test-data", "demo");
        Set<Modality> chosen = EnumSet.noneOf(Modality.class);
        if (modalities != null && !modalities.isEmpty()) {
            chosen.addAll(List.of(AnalyzeCommand.parseModalities(modalities)));
        } else {
            ServiceLoader.load(ModalityAnalyzerProvider.class).forEach(p -> chosen.add(p.modality()));
        }
        if (chosen.isEmpty()) {
            throw new IllegalStateException("no modality module on the classpath to measure");
        }
        List<String> engines = new ArrayList<>();
        if (compareEngines) {
            engines.add("onnxruntime");
            engines.add("pytorch");
        } else {
            engines.add(recognizer.engine);
        }
        out.printf(Locale.ROOT, "emotion4j bench: %d warm-up + %d timed runs per case, %d CPU cores, Java %s%n", warmup,
                iterations, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<Result> results = new ArrayList<>();
        for (Modality m : chosen) {
            Map<String, MediaInput> cases = cases(m, dir);
            if (cases.isEmpty()) {
                out.printf(Locale.ROOT, "%-7s skipped: no demo media in %s%n", m.word(), dir);
                continue;
            }
            for (String engine : engines) {
                EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().modalities(m);
                String saved = recognizer.engine;
                recognizer.engine = engine;
                try {
                    recognizer.apply(b);
                } finally {
                    recognizer.engine = saved;
                }
                try (EmotionRecognizer r = b.build()) {
                    for (Map.Entry<String, MediaInput> c : cases.entrySet()) {
                        results.add(measure(r, m, c.getKey(), c.getValue(), engine == null ? "default" : engine, dir));
                    }
                }
            }
        }
        print(out, results);
        if (visionBenchmark && chosen.contains(Modality.VISION) && Files.isRegularFile(dir.resolve("demo.mp4"))
                && Files.isRegularFile(dir.resolve("face.jpg"))) {
            out.println();
            out.println("vision pipeline (emotion-vision's VisionBenchmark on demo.mp4):");
            out.flush();
            runPrinting(out, () -> {
                try {
                    VisionBenchmark.main(new String[] {"--video", dir.resolve("demo.mp4").toString(), "--face",
                            dir.resolve("face.jpg").toString()});
                } catch (Exception e) {
                    throw new IllegalStateException("VisionBenchmark failed: " + e.getMessage(), e);
                }
            });
        }
        if (fusionCalls > 0) {
            out.println();
            out.println("fusion alone (emotion-fusion's FusionBenchmark: three modalities, random distributions, one thread):");
            out.flush();
            runPrinting(out, () -> FusionBenchmark.main(new String[] {Integer.toString(fusionCalls)}));
        }
        return 0;
    }

    /** Runs a module's benchmark {@code main}, which prints to System.out, into this command's output. */
    private static void runPrinting(PrintWriter out, Runnable benchmark) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            benchmark.run();
        } finally {
            System.setOut(saved);
        }
        out.print(buf.toString(StandardCharsets.UTF_8));
        out.flush();
    }

    private Map<String, MediaInput> cases(Modality m, Path dir) {
        Map<String, MediaInput> cases = new LinkedHashMap<>();
        switch (m) {
            case TEXT -> cases.put("sentence", MediaInput.ofText(SENTENCES.get(0)));
            case VISION -> {
                if (Files.isRegularFile(dir.resolve("face.jpg"))) {
                    cases.put("face.jpg", MediaInput.ofFile(dir.resolve("face.jpg")));
                }
                if (Files.isRegularFile(dir.resolve("demo.mp4"))) {
                    cases.put("demo.mp4", MediaInput.ofFile(dir.resolve("demo.mp4")));
                }
            }
            case AUDIO -> {
                if (Files.isRegularFile(dir.resolve("demo.wav"))) {
                    cases.put("demo.wav", MediaInput.ofFile(dir.resolve("demo.wav")));
                }
            }
        }
        return cases;
    }

    private Result measure(EmotionRecognizer r, Modality m, String what, MediaInput in, String engine, Path dir)
            throws IOException {
        int k = 0;
        long warmStart = System.nanoTime();
        String ran = engines(predict(r, m, in, k++));
        for (int i = 1; i < warmup && (System.nanoTime() - warmStart) / 1e9 < maxSeconds / 2; i++) {
            predict(r, m, in, k++);
        }
        double[] ms = new double[Math.max(1, iterations)];
        int done = 0;
        long start = System.nanoTime();
        while (done < ms.length && (done < 3 || (System.nanoTime() - start) / 1e9 < maxSeconds)) {
            long t0 = System.nanoTime();
            predict(r, m, in, k++);
            ms[done++] = (System.nanoTime() - t0) / 1e6;
        }
        return new Result(m, what, engine, ran, Arrays.copyOf(ms, done), MediaProbe.durationSeconds(dir.resolve(what)));
    }

    private static EmotionPrediction predict(EmotionRecognizer r, Modality m, MediaInput in, int k) throws IOException {
        MediaInput input = m == Modality.TEXT ? MediaInput.ofText(SENTENCES.get(k % SENTENCES.size())) : in;
        return r.predict(input);
    }

    /** The engines that actually ran, from the prediction's provenance (e.g. {@code OnnxRuntime+java}). */
    private static String engines(EmotionPrediction p) {
        Set<String> e = new java.util.TreeSet<>();
        p.provenance().models().forEach(mi -> e.add(mi.engine()));
        return e.isEmpty() ? "-" : String.join("+", e);
    }

    private static void print(PrintWriter out, List<Result> results) {
        out.printf(Locale.ROOT, "%-7s %-10s %-12s %-18s %5s %10s %10s %12s %12s%n", "modality", "input", "asked", "ran",
                "runs", "median ms", "p90 ms", "per second", "real-time x");
        for (Result r : results) {
            double med = r.median();
            out.printf(Locale.ROOT, "%-7s %-10s %-12s %-18s %5d %10.2f %10.2f %12.1f %12s%n", r.modality().word(), r.what(),
                    r.engine(), r.ran(), r.millis().length, med, r.percentile(0.9), 1000 / med,
                    r.mediaSeconds().map(s -> String.format(Locale.ROOT, "%.1f", s * 1000 / med)).orElse("-"));
        }
        // ratios: ONNX Runtime vs PyTorch on the same case
        Map<String, Result> ort = new LinkedHashMap<>();
        Map<String, Result> pt = new LinkedHashMap<>();
        for (Result r : results) {
            String key = r.modality().word() + " " + r.what();
            if (r.engine().equals("onnxruntime")) {
                ort.put(key, r);
            } else if (r.engine().equals("pytorch")) {
                pt.put(key, r);
            }
        }
        for (Map.Entry<String, Result> e : ort.entrySet()) {
            Result p = pt.get(e.getKey());
            if (p == null) {
                continue;
            }
            if (p.ran().equals(e.getValue().ran())) {
                out.printf(Locale.ROOT, "ratio %-18s no ratio: the same engines (%s) ran both times (the models of this "
                        + "modality exist in one format only)%n", e.getKey(), p.ran());
            } else {
                out.printf(Locale.ROOT, "ratio %-18s PyTorch / ONNX Runtime median latency = %.2f%n", e.getKey(),
                        p.median() / e.getValue().median());
            }
        }
        out.println("real-time x = seconds of media analysed per second of wall time (higher is faster).");
        out.flush();
    }
}
