package io.github.emotion4j.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.BatchItem;
import io.github.emotion4j.core.BatchRun;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.writers.CsvWriter;
import io.github.emotion4j.writers.PredictionJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * {@code analyze} on several files: builds one recognizer, runs a {@link io.github.emotion4j.core.Batch}
 * over the files ({@code --threads} at a time, results in input order), writes each prediction to the
 * {@code --csv} table and the {@code --jsonl} file as it comes, a line per file and a summary. One
 * failed file is reported and the batch goes on. Not thread-safe; one instance per run.
 */
final class BatchAnalysis {
    /** Plain progress lines, when stderr is not a terminal, come this often at most. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    private static final ObjectWriter COMPACT = PredictionJson.mapper().writer()
            .without(SerializationFeature.INDENT_OUTPUT);

    private final AnalyzeCommand cmd;

    BatchAnalysis(AnalyzeCommand cmd) {
        this.cmd = cmd;
    }

    /** What a batch did; {@code seconds} is the whole command's time including {@code loadSeconds}. */
    record Summary(int files, int ok, int noEvidence, int failed, double seconds, double loadSeconds, double mediaSeconds) {
        String line() {
            double rate = seconds > 0 ? files / seconds : 0;
            double mediaRate = seconds > 0 ? mediaSeconds / seconds : 0;
            return String.format(Locale.ROOT, "%d files: %d ok (%d without evidence), %d failed; %.1f s (models loaded in "
                            + "%.1f s), %.2f files/s, media %.1f s (%.2f media s per s)", files, ok, noEvidence, failed,
                    seconds, loadSeconds, rate, mediaSeconds, mediaRate);
        }
    }

    int run() throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        check();
        List<Path> files = InputFiles.expand(cmd.files);
        boolean csvToStdout = isStdout(cmd.csv);
        boolean jsonlToStdout = isStdout(cmd.jsonl);
        PrintWriter human = csvToStdout || jsonlToStdout ? err : out;
        List<MediaInput> inputs = new ArrayList<>(files.size());
        files.forEach(f -> inputs.add(MediaInput.ofFile(f)));
        int parallelism = cmd.threads != null ? cmd.threads : Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = AnalyzeCommand.pool(parallelism);
        long t0 = System.nanoTime();
        int ok = 0;
        int noEvidence = 0;
        int failed = 0;
        double media = 0;
        long loaded = t0;
        try (EmotionRecognizer r = cmd.builder(pool).build();
             CsvWriter csv = cmd.csv == null ? null : csvToStdout ? CsvWriter.of(out) : CsvWriter.open(cmd.csv);
             Writer jsonl = cmd.jsonl == null ? null : jsonlToStdout ? unclosable(out) : newWriter(cmd.jsonl);
             BatchProgressBar bar = new BatchProgressBar(err, BatchProgressBar.mode(cmd.progress), LINE_INTERVAL);
             BatchRun run = r.batch(inputs).parallelism(parallelism).inOrder().onProgress(bar::update).start()) {
            loaded = System.nanoTime();
            while (run.hasNext()) {
                BatchItem item = run.next();
                Path file = files.get(item.index());
                String name = file.toString();
                if (item.isOk()) {
                    EmotionPrediction p = item.prediction().get();
                    ok++;
                    if (!p.hasEvidence()) {
                        noEvidence++;
                    }
                    media += mediaSeconds(file, p);
                    if (csv != null) {
                        csv.write(name, p);
                        csv.flush();
                    }
                    if (jsonl != null) {
                        line(jsonl, PredictionJson.toTree(p, name));
                    }
                    if (!cmd.quiet) {
                        bar.println(human, oneLine(name, p));
                    }
                } else {
                    failed++;
                    Exception e = item.error().get();
                    bar.println(err, "error: " + name + ": " + message(e, name));
                    if (jsonl != null) {
                        ObjectNode o = PredictionJson.mapper().createObjectNode();
                        o.put("input", name);
                        o.put("error", message(e, name));
                        line(jsonl, o);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Summary s = new Summary(files.size(), ok, noEvidence, failed, (System.nanoTime() - t0) / 1e9,
                (loaded - t0) / 1e9, media);
        if (!cmd.quiet) {
            if (cmd.csv != null && !csvToStdout) {
                human.println("wrote " + cmd.csv);
            }
            if (cmd.jsonl != null && !jsonlToStdout) {
                human.println("wrote " + cmd.jsonl);
            }
            human.println(s.line());
            human.flush();
        }
        return failed > 0 ? AnalyzeCommand.SOME_FAILED : 0;
    }

    /** The options that make sense for one file only are refused, with what to use instead. */
    private void check() {
        String several = "analyze is given several files (or a folder or glob)";
        if (cmd.text != null || cmd.transcript != null) {
            throw new IllegalArgumentException(several + ": --text and --transcript belong to one FILE; analyse a "
                    + ".txt/.srt/.vtt file as its own input, or run one file at a time");
        }
        for (Object[] o : new Object[][] {{"--json", cmd.json}, {"--emotionml", cmd.emotionml}}) {
            if (o[1] != null) {
                throw new IllegalArgumentException(several + ": " + o[0] + " writes one prediction; use --jsonl OUT "
                        + "(one JSON object per file) or --csv OUT (one table), or run one file at a time");
            }
        }
        if (!cmd.timeline.isEmpty()) {
            throw new IllegalArgumentException(several + ": --timeline draws one prediction; run one file at a time");
        }
        if (isStdout(cmd.csv) && isStdout(cmd.jsonl)) {
            throw new IllegalArgumentException("--csv - and --jsonl - cannot both write to standard output");
        }
    }

    private static boolean isStdout(Path p) {
        return p != null && p.toString().equals("-");
    }

    /** A new UTF-8 file, its parent folders created. */
    static Writer newWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Standard output for a try-with-resources that must not close it. */
    private static Writer unclosable(PrintWriter stdout) {
        return new java.io.FilterWriter(stdout) {
            @Override
            public void close() {
                stdout.flush();
            }
        };
    }

    /** The prediction as one compact JSON line (no newline). */
    static String jsonLine(EmotionPrediction p, String name) throws IOException {
        return COMPACT.writeValueAsString(PredictionJson.toTree(p, name));
    }

    private static void line(Writer w, ObjectNode node) throws IOException {
        w.write(COMPACT.writeValueAsString(node));
        w.write('\n');
        w.flush();
    }

    /** "clips/a.mp4: happiness 80%", or "... no evidence (warnings)". */
    static String oneLine(String name, EmotionPrediction p) {
        if (p.hasEvidence()) {
            LabelScore top = p.top();
            return String.format(Locale.ROOT, "%s: %s %.0f%%", name, top.label().word(), 100 * top.probability());
        }
        return name + ": no evidence" + (p.warnings().isEmpty() ? "" : " (" + String.join("; ", p.warnings()) + ")");
    }

    /** Audio and video length: from the header when cheap, else the end of the last timeline segment; 0 otherwise. */
    static double mediaSeconds(Path file, EmotionPrediction p) {
        MediaKind kind = MediaKind.of(file);
        if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
            return 0;
        }
        return MediaProbe.durationSeconds(file).orElseGet(() -> {
            double end = 0;
            for (Segment s : p.timeline()) {
                end = Math.max(end, s.span().end());
            }
            return end;
        });
    }

    private static String message(Exception e, String name) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.toString();
        }
        return m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m;
    }
}
