package io.github.emotion4j.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs fuzz cases through one shared recognizer in a child JVM ({@link FuzzWorker} or another
 * worker class) with a per-input watchdog: an input that takes longer than the timeout is a
 * {@link Outcome#HANG} (the child is killed and a new one started), a child that dies without
 * answering is a {@link Outcome#CRASH} (e.g. a SIGSEGV in native code) and the run goes on in a
 * new child.
 *
 * <pre>
 * java -cp ... io.github.emotion4j.fuzz.FuzzRunner [--cases 10000] [--seed 1] [--timeout 60] [--dir DIR]
 * </pre>
 */
public final class FuzzRunner {
    /** What happened to one input. */
    public enum Outcome {
        /** a result (possibly with warnings and no evidence) */
        RESULT,
        /** a checked, typed exception such as MediaDecodeException */
        TYPED,
        /** anything else escaped predict: a failure */
        UNTYPED,
        /** no answer within the timeout: a failure */
        HANG,
        /** the JVM died: a failure */
        CRASH
    }

    /** One case's outcome. */
    public record Finding(int id, String file, String mutation, Outcome outcome, String detail) {
    }

    /** The outcome of a run. */
    public record Report(int cases, Map<Outcome, Integer> counts, List<Finding> failures, double seconds) {
        /** Whether no input hung, crashed or let an untyped exception out. */
        public boolean clean() {
            return failures.isEmpty();
        }

        /** Counts per outcome and the failures, for logs and the closing note. */
        public String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d cases in %.1f s:", cases, seconds));
            counts.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append('=').append(v));
            for (Finding f : failures) {
                sb.append(String.format(Locale.ROOT, "%n  %s case %d (%s; %s): %s", f.outcome(), f.id(), f.file(),
                        f.mutation(), f.detail()));
            }
            return sb.toString();
        }
    }

    private final String workerClass;
    private final long timeoutMillis;
    private final long startupMillis;
    private Process child;
    private Writer toChild;
    private BlockingQueue<String> fromChild;

    /**
     * @param workerClass   main class of the child ({@link FuzzWorker} unless testing the runner)
     * @param timeoutMillis per-input watchdog
     * @param startupMillis time the child may take to load its models
     */
    public FuzzRunner(String workerClass, long timeoutMillis, long startupMillis) {
        this.workerClass = workerClass;
        this.timeoutMillis = timeoutMillis;
        this.startupMillis = startupMillis;
    }

    /** Runs the cases in order. */
    public Report run(List<FuzzCases.Case> cases) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        List<Finding> failures = new ArrayList<>();
        try {
            for (FuzzCases.Case c : cases) {
                if (child == null || !child.isAlive()) {
                    start();
                }
                toChild.write(c.id() + "\t" + c.file().toAbsolutePath() + "\n");
                toChild.flush();
                String line = fromChild.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                Outcome o;
                String detail;
                if (line == null) {
                    o = Outcome.HANG;
                    detail = "no answer in " + timeoutMillis + " ms";
                    stop();
                } else if (line.startsWith("EOF")) {
                    o = Outcome.CRASH;
                    detail = "child exited with " + exitCode();
                    stop();
                } else {
                    String[] parts = line.split("\t", 4);
                    if (!parts[1].equals(Integer.toString(c.id()))) {
                        throw new IllegalStateException("answer for case " + parts[1] + " while waiting for " + c.id());
                    }
                    o = Outcome.valueOf(parts[2]);
                    detail = parts.length > 3 ? parts[3] : "";
                }
                counts.merge(o, 1, Integer::sum);
                if (o == Outcome.UNTYPED || o == Outcome.HANG || o == Outcome.CRASH) {
                    failures.add(new Finding(c.id(), c.file().getFileName().toString(), c.mutation(), o, detail));
                }
            }
        } finally {
            stop();
        }
        return new Report(cases.size(), counts, failures, (System.nanoTime() - t0) / 1e9);
    }

    private void start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), workerClass);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        child = pb.start();
        toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        fromChild = queue;
        Process p = child;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("OUT\t") || line.equals("READY")) {
                        queue.add(line);
                    }
                }
            } catch (IOException e) {
                // the child died; EOF below tells the runner
            }
            queue.add("EOF");
        }, "fuzz-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = queue.poll(startupMillis, TimeUnit.MILLISECONDS);
        if (!"READY".equals(ready)) {
            stop();
            throw new IllegalStateException("fuzz worker did not start (" + ready + ")");
        }
    }

    private int exitCode() {
        try {
            return child.waitFor(5, TimeUnit.SECONDS) ? child.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void stop() {
        if (child != null) {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child = null;
        }
    }

    /** Generates {@code n} cases from fresh seeds in {@code dir}. */
    public static List<FuzzCases.Case> generate(Path dir, int n, long seed) throws IOException {
        FuzzCases gen = new FuzzCases(SeedMedia.write(dir.resolve("seeds")), seed);
        Path cases = Files.createDirectories(dir.resolve("cases"));
        List<FuzzCases.Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(gen.write(i, cases));
        }
        return out;
    }

    /** Command line: generates and runs cases, prints the summary, exits 1 when the run is not clean. */
    public static void main(String[] args) throws Exception {
        int n = 10_000;
        long seed = 1;
        long timeout = 60_000;
        Path dir = Files.createTempDirectory("emotion4j-fuzz");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cases" -> n = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--timeout" -> timeout = Long.parseLong(args[i + 1]) * 1000;
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Report r = new FuzzRunner(FuzzWorker.class.getName(), timeout, 300_000).run(generate(dir, n, seed));
        System.out.println(r.summary());
        System.exit(r.clean() ? 0 : 1);
    }
}
