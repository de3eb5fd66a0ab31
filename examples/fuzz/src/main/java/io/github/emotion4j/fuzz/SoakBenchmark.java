package io.github.emotion4j.fuzz;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Soak benchmark: many mixed predictions (valid seeds of every kind, corrupt cases, text)
 * through one shared recognizer, printing resident memory (VmRSS) and open file descriptors
 * after a warm-up and at every tenth of the run, and their drift from the warm-up values. Linux
 * only ({@code /proc/self}).
 *
 * <pre>
 * java -cp ... io.github.emotion4j.fuzz.SoakBenchmark [--predictions 100000] [--threads 2]
 * </pre>
 */
public final class SoakBenchmark {
    private SoakBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int threads = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--predictions" -> n = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("emotion4j-soak");
        List<MediaInput> inputs = new ArrayList<>();
        for (Path seed : SeedMedia.write(dir.resolve("seeds"))) {
            inputs.add(MediaInput.ofFile(seed));
        }
        for (FuzzCases.Case c : FuzzRunner.generate(dir.resolve("corrupt"), 40, 3)) {
            inputs.add(MediaInput.ofFile(c.file()));
        }
        String[] texts = {"I am so happy for you!", "Leave me alone, I am furious.", "That is disgusting.",
            "I miss her so much.", "Wait, what? No way!", "The meeting is at ten."};
        for (String t : texts) {
            inputs.add(MediaInput.ofText(t));
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().build()) {
            int warm = Math.max(1, n / 10);
            long t0 = System.nanoTime();
            run(r, inputs, 0, warm, threads);
            long[] base = sample();
            System.out.printf(Locale.ROOT, "after warm-up (%d predictions): rss %.1f MB, fds %d%n", warm, base[0] / 1e6, base[1]);
            int done = warm;
            long[] last = base;
            for (int step = 1; step <= 9; step++) {
                int to = warm + (int) ((long) (n - warm) * step / 9);
                run(r, inputs, done, to, threads);
                done = to;
                last = sample();
                System.out.printf(Locale.ROOT, "%7d predictions: rss %.1f MB (%+.2f%%), fds %d (%+d)%n", done, last[0] / 1e6,
                        100.0 * (last[0] - base[0]) / base[0], last[1], last[1] - base[1]);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%d predictions in %.0f s (%.0f/s) on %d threads; rss drift %+.2f%%, fd drift %+.2f%%%n",
                    n, secs, n / secs, threads, 100.0 * (last[0] - base[0]) / base[0], 100.0 * (last[1] - base[1]) / base[1]);
        }
    }

    private static void run(EmotionRecognizer r, List<MediaInput> inputs, int from, int to, int threads) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(from);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < to; ) {
                    try {
                        r.predict(inputs.get(i % inputs.size()));
                    } catch (IOException e) {
                        // corrupt inputs are refused with a typed exception: part of the mix
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    /** {VmRSS bytes, open file descriptors}. */
    private static long[] sample() throws IOException {
        System.gc();
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        return new long[] {rss, fds};
    }
}
