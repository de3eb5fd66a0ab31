package io.github.emotion4j.cli;

import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.writers.CsvWriter;
import io.github.emotion4j.writers.EmotionMl;
import io.github.emotion4j.writers.HtmlReport;
import io.github.emotion4j.writers.PredictionJson;
import io.github.emotion4j.writers.TimelineChart;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code emotion4j analyze FILE...}: recognises emotion in an image, audio, video or text and writes
 * reports. One file gives the full summary and every report; several files, folders (walked
 * recursively) or globs make a batch: analysed {@code --threads} at a time, one line per file, rows in
 * one {@code --csv} table and one {@code --jsonl} line per file, a summary at the end, and exit code 3
 * when some file failed (the others are still written). The one-prediction reports ({@code --json},
 * {@code --emotionml}, {@code --timeline}) are refused for a batch.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recognises emotion in image, audio, video or text files (or --text) and prints a summary.",
                "One FILE: writes the whole prediction as JSON (--json), CSV (--csv), EmotionML (--emotionml) and a "
                        + "timeline picture or HTML report (--timeline).",
                "--conversation FILE [MEDIA]: a dialogue file (TSV/CSV with a header, WebVTT with <v Name> voices, SRT "
                        + "with NAME: prefixes, JSON); per turn the emotion without and with context, per speaker a "
                        + "timeline, inertia and contagion; --json writes it.",
                "Several FILEs, folders or globs: a batch, --threads files at a time, written to one --csv table "
                        + "and/or --jsonl (one JSON object per line); a failed file is reported and the batch goes on "
                        + "(exit code 3)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input analysed", "1:a model or engine failed", "2:bad arguments or unreadable input",
                "3:a batch in which some files failed (the others were written)"})
public final class AnalyzeCommand implements Callable<Integer> {
    /** The exit code of a batch in which some file failed. */
    static final int SOME_FAILED = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|GLOB",
            description = "Image, audio, video, .txt, .srt or .vtt files; folders (searched recursively for those "
                    + "extensions); quoted globs such as 'clips/**/*.mp4'.")
    List<String> files = new ArrayList<>();

    /** The one file of a single-file run. */
    Path file;

    @Option(names = "--transcript", paramLabel = "TEXT|FILE.srt|FILE.vtt|FILE.txt",
            description = "What is said in the media: a timed .srt/.vtt file, a .txt file, or the text itself.")
    String transcript;

    @Option(names = "--text", paramLabel = "TEXT", description = "Text to analyse (alone, or as the transcript of FILE).")
    String text;

    @Option(names = "--conversation", paramLabel = "FILE.tsv|.csv|.vtt|.srt|.json",
            description = "Analyse a conversation: per turn the emotion without and with dialogue context, per speaker a "
                    + "timeline, inertia and contagion. FILE (positional) is then the audio or video the turns' start/end "
                    + "times point into.")
    Path conversation;

    @Option(names = "--dialogue", paramLabel = "ID", description = "With --conversation: only this dialogue of the file.")
    String dialogue;

    @Option(names = "--context", paramLabel = "auto|none", defaultValue = "auto",
            description = "With --conversation: the dialogue context model (auto = the one on the classpath, if any; "
                    + "without one, with-context equals without context).")
    String context;

    @Option(names = "--label-set", paramLabel = "NAME",
            description = "With --conversation: accept only this label set's words as gold labels (e.g. MELD_7, EMORYNLP_7).")
    String labelSet;

    @Option(names = "--max-turns", paramLabel = "N",
            description = "With --conversation: the most turns one dialogue may have (default 10000).")
    Integer maxTurns;

    @Option(names = "--modalities", split = ",", paramLabel = "audio,vision,text",
            description = "Restrict to these modalities (default: every modality module on the classpath).")
    List<String> modalities;

    @Option(names = "--fusion", paramLabel = "probability|attention|moe|late|product", defaultValue = "probability",
            description = "How modalities are combined (default: ${DEFAULT-VALUE}; attention and moe need emotion-fusion).")
    String fusion;

    @Option(names = "--fps", paramLabel = "N", description = "Video frames analysed per second (vision.fps).")
    Double fps;

    @Mixin
    RecognizerOptions recognizer;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Write the prediction as JSON ('-' = standard output).")
    Path json;

    @Option(names = "--csv", paramLabel = "OUT.csv",
            description = "Write one CSV row per modality and timeline segment plus a whole-input row ('-' = standard output).")
    Path csv;

    @Option(names = "--jsonl", paramLabel = "OUT.jsonl",
            description = "Write one compact JSON prediction per line, with the file name as 'input' (a failed file: "
                    + "{\"input\": ..., \"error\": ...}; '-' = standard output).")
    Path jsonl;

    @Option(names = "--threads", paramLabel = "N",
            description = "Files analysed at a time, and the recognizer's pool size (default: the number of cores, at least 2).")
    Integer threads;

    @Option(names = "--emotionml", paramLabel = "OUT.xml", description = "Write the prediction as W3C EmotionML 1.0.")
    Path emotionml;

    @Option(names = "--timeline", paramLabel = "OUT.png|OUT.html",
            description = "Write the timeline chart (.png) or a self-contained HTML report (.html). Repeatable.")
    List<Path> timeline = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print no summary (for several files: no per-file lines either).")
    boolean quiet;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress on stderr (default: on): for one file an activity bar for media longer than a few "
                    + "seconds, for a batch a bar with files done and ETA; drawn only when stderr is a terminal, "
                    + "otherwise a batch prints a plain line every 10 s.")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
        }
        if (conversation != null) {
            return new ConversationAnalysis(this).run();
        }
        if (dialogue != null || labelSet != null || maxTurns != null) {
            throw new IllegalArgumentException("--dialogue, --label-set and --max-turns go with --conversation");
        }
        if (InputFiles.isBatch(files)) {
            return new BatchAnalysis(this).run();
        }
        file = files.isEmpty() ? null : Path.of(files.get(0));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MediaInput input = input();
        String name = file != null ? file.toString() : text != null ? "text" : "input";
        boolean jsonToStdout = json != null && json.toString().equals("-");
        boolean csvToStdout = csv != null && csv.toString().equals("-");
        boolean jsonlToStdout = jsonl != null && jsonl.toString().equals("-");
        if ((jsonToStdout ? 1 : 0) + (csvToStdout ? 1 : 0) + (jsonlToStdout ? 1 : 0) > 1) {
            throw new IllegalArgumentException("only one of --json -, --csv - and --jsonl - can write to standard output");
        }
        for (Path t : timeline) {
            String n = t.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".png") && !n.endsWith(".html") && !n.endsWith(".htm")) {
                throw new IllegalArgumentException("--timeline must end in .png or .html, was " + t);
            }
        }
        EmotionPrediction p;
        ExecutorService pool = threads == null ? null : pool(threads);
        try (EmotionRecognizer r = builder(pool).build();
             Progress bar = Progress.start(err, "analysing " + shortName(name),
                     MediaProbe.durationSeconds(file), progress && file != null && Terminal.stderrIsTerminal())) {
            p = r.predict(input);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        boolean toStdout = jsonToStdout || csvToStdout || jsonlToStdout;
        if (!quiet && !toStdout) {
            printSummary(out, name, p);
        }
        if (json != null) {
            if (jsonToStdout) {
                out.println(PredictionJson.toJson(p, name));
            } else {
                PredictionJson.write(p, name, json);
                note(out, "wrote " + json, toStdout);
            }
        }
        if (csv != null) {
            if (csvToStdout) {
                out.print(CsvWriter.toCsv(name, p));
                out.flush();
            } else {
                CsvWriter.write(name, p, csv);
                note(out, "wrote " + csv, toStdout);
            }
        }
        if (jsonl != null) {
            String line = BatchAnalysis.jsonLine(p, name);
            if (jsonlToStdout) {
                out.println(line);
                out.flush();
            } else {
                try (java.io.Writer w = BatchAnalysis.newWriter(jsonl)) {
                    w.write(line + "\n");
                }
                note(out, "wrote " + jsonl, toStdout);
            }
        }
        if (emotionml != null) {
            EmotionMl.write(p, mediaUri(), emotionml);
            note(out, "wrote " + emotionml, toStdout);
        }
        for (Path t : timeline) {
            String title = "emotion4j: " + shortName(name);
            if (t.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                TimelineChart.writePng(p, title, t);
            } else {
                Optional<java.awt.image.BufferedImage> picture = reportPicture();
                if (picture.isPresent()) {
                    HtmlReport.write(p, title, t, picture.get()); // faces drawn over the photo
                } else {
                    HtmlReport.write(p, title, t);
                }
            }
            note(out, "wrote " + t, toStdout);
        }
        return 0;
    }

    /** A recognizer builder with the modality, fusion, fps and recognizer options; on {@code pool} when given. */
    EmotionRecognizer.Builder builder(ExecutorService pool) throws ModelLoadException {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().fusion(Fusions.named(fusion));
        if (modalities != null && !modalities.isEmpty()) {
            b.modalities(parseModalities(modalities));
        }
        if (fps != null) {
            if (!(fps > 0)) {
                throw new IllegalArgumentException("--fps must be > 0, was " + fps);
            }
            b.option("vision.fps", Double.toString(fps));
        }
        if (pool != null) {
            b.executor(pool);
        }
        return recognizer.apply(b);
    }

    /** A pool of {@code n} daemon threads for the recognizer ({@code --threads}). */
    static ExecutorService pool(int n) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "emotion4j-cli-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private void note(PrintWriter out, String line, boolean toStdout) {
        if (!quiet && !toStdout) {
            out.println(line);
        }
    }

    private MediaInput input() throws NoSuchFileException {
        if (file == null && text == null && transcript == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a FILE to analyse, or --text TEXT");
        }
        MediaInput in;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (MediaKind.of(file) == MediaKind.UNKNOWN) {
                throw new IllegalArgumentException(InputFiles.unknownKind(file));
            }
            in = MediaInput.ofFile(file);
            if (text != null) {
                in = in.withTranscript(text);
            }
        } else if (text != null) {
            in = MediaInput.ofText(text);
        } else {
            in = null;
        }
        if (transcript != null) {
            Path tp = looksLikeFile(transcript);
            if (tp != null) {
                if (!Files.isRegularFile(tp)) {
                    throw new NoSuchFileException(transcript);
                }
                in = in == null ? MediaInput.ofFile(tp) : in.withTranscript(tp);
            } else {
                in = in == null ? MediaInput.ofText(transcript) : in.withTranscript(transcript);
            }
        }
        return in;
    }

    /** A path when the value names an existing file or has a transcript extension; null for literal text. */
    private static Path looksLikeFile(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.contains("\n")) {
            return null;
        }
        try {
            Path p = Path.of(v);
            String n = v.toLowerCase(Locale.ROOT);
            if (Files.isRegularFile(p) || !v.contains(" ") && (n.endsWith(".srt") || n.endsWith(".vtt") || n.endsWith(".txt"))) {
                return p;
            }
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        return null;
    }

    /** The analysed picture for the HTML report, when the input is an image file that decodes. */
    private Optional<java.awt.image.BufferedImage> reportPicture() {
        if (file == null || io.github.emotion4j.core.MediaKind.of(file) != io.github.emotion4j.core.MediaKind.IMAGE) {
            return Optional.empty();
        }
        try {
            return Optional.of(new io.github.emotion4j.vision.decode.ImageDecoder().read(file));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // the report is still written, without the picture
        }
    }

        private Optional<String> mediaUri() {
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(null, null, file.getFileName().toString(), null).toASCIIString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static Modality[] parseModalities(List<String> words) {
        Set<Modality> set = EnumSet.noneOf(Modality.class);
        for (String w : words) {
            if (!w.isBlank()) {
                set.add(Modality.parse(w));
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("--modalities names no modality; use audio, vision and/or text");
        }
        return set.toArray(Modality[]::new);
    }

    static String shortName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    /** The human summary; without evidence it says so instead of naming a top label. */
    static void printSummary(PrintWriter out, String name, EmotionPrediction p) {
        if (p.hasEvidence()) {
            LabelScore top = p.top();
            out.printf(Locale.ROOT, "%s: %s %.0f%%%n", name, top.label().word(), 100 * top.probability());
        } else {
            out.printf(Locale.ROOT, "%s: no evidence (no modality found anything to judge)%n", name);
        }
        out.printf(Locale.ROOT, "  fusion      %s%s%n", p.fusion().strategy(), p.fusion().weights().size() > 1
                ? String.format(Locale.ROOT, ", inconsistency %.2f%s", p.fusion().inconsistency(),
                p.fusion().mostDisagreeing().map(m -> " (" + m.first().word() + " vs " + m.second().word() + ")").orElse(""))
                : "");
        for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
            ModalityResult r = e.getValue();
            String weight = p.fusion().weights().containsKey(e.getKey())
                    ? String.format(Locale.ROOT, "  weight %.2f", p.fusion().weights().get(e.getKey())) : "";
            String desc = r.distribution().map(d -> {
                List<LabelScore> ranked = d.ranked();
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < Math.min(3, ranked.size()); i++) {
                    s.append(i == 0 ? "" : ", ").append(ranked.get(i).label().word())
                            .append(String.format(Locale.ROOT, " %.0f%%", 100 * ranked.get(i).probability()));
                }
                return s.toString();
            }).orElse("no evidence");
            out.printf(Locale.ROOT, "  %-11s %s%s%s%n", e.getKey().word(), desc, weight,
                    r.segments().isEmpty() ? "" : "  (" + r.segments().size() + " segments)");
        }
        if (p.hasEvidence()) {
            Dimensions d = p.dimensions();
            out.printf(Locale.ROOT, "  dimensions  valence %+.2f  arousal %+.2f  dominance %+.2f%n", d.valence(), d.arousal(),
                    d.dominance());
        }
        if (!p.timeline().isEmpty()) {
            double end = p.timeline().get(p.timeline().size() - 1).span().end();
            out.printf(Locale.ROOT, "  timeline    %d segments over %.1f s%n", p.timeline().size(), end);
        }
        int shown = 0;
        for (Cue c : p.cues()) {
            if (shown++ == 6) {
                out.printf(Locale.ROOT, "  ...         %d more cues in the JSON%n", p.cues().size() - 6);
                break;
            }
            out.printf(Locale.ROOT, "  cue         %s: %s%n", c.modality().word(), c.text());
        }
        for (String w : p.warnings()) {
            out.println("  warning     " + w);
        }
    }
}
