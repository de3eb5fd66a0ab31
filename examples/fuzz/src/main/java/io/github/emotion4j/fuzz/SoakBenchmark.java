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
 * through one shared recognizer. After a warm-up (a tenth of the run) it samples resident memory
 * (VmRSS) and open file descriptors 50 times and reports the drift of the median of the last ten
 * samples from the median of the first ten (RSS moves by tens of MB with what was decoded last, so
 * single samples say little). Run it with a fixed, pre-touched heap so that heap growth does not
 * count as drift. Linux only ({@code /proc/self}).
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp ... io.github.emotion4j.fuzz.SoakBenchmark [--predictions 100000] [--threads 2]
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
            int samples = 50;
            long[] rss = new long[samples];
            long[] fds = new long[samples];
            int done = warm;
            for (int k = 0; k < samples; k++) {
                int to = warm + (int) ((long) (n - warm) * (k + 1) / samples);
                run(r, inputs, done, to, threads);
                done = to;
                long[] s = sample();
                rss[k] = s[0];
                fds[k] = s[1];
                if ((k + 1) % 5 == 0) {
                    System.out.printf(Locale.ROOT, "%7d predictions: rss %.1f MB, fds %d%n", done, s[0] / 1e6, s[1]);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double rssFirst = median(java.util.Arrays.copyOfRange(rss, 0, 10));
            double rssLast = median(java.util.Arrays.copyOfRange(rss, samples - 10, samples));
            double fdFirst = median(java.util.Arrays.copyOfRange(fds, 0, 10));
            double fdLast = median(java.util.Arrays.copyOfRange(fds, samples - 10, samples));
            System.out.printf(Locale.ROOT, "%d predictions in %.0f s (%.0f/s) on %d threads%n", n, secs, n / secs, threads);
            System.out.printf(Locale.ROOT, "rss median %.1f MB -> %.1f MB (drift %+.2f%%, max %.1f MB); fds median %.0f -> %.0f (drift %+.2f%%)%n",
                    rssFirst / 1e6, rssLast / 1e6, 100 * (rssLast - rssFirst) / rssFirst,
                    java.util.Arrays.stream(rss).max().orElse(0) / 1e6, fdFirst, fdLast, 100 * (fdLast - fdFirst) / fdFirst);
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
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
    private static long[] sample() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(50);
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
