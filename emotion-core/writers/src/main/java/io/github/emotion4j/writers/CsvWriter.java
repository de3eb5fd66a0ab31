package io.github.emotion4j.writers;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes predictions as CSV with fixed columns, one table for any number of input files.
 *
 * <p>The columns, in order ({@link #HEADER}):
 * <ol>
 *   <li>{@code file}: the name given with the prediction;</li>
 *   <li>{@code start}, {@code end}: the segment in seconds ({@code %.3f}); both empty on whole-input rows;</li>
 *   <li>{@code modality}: {@code fused}, {@code audio}, {@code vision}, {@code text}, or {@code face}
 *       for a row of {@link EmotionPrediction#faces()};</li>
 *   <li>{@code person}: the person number of a face row or of a vision segment ({@code 1} for source
 *       {@code face#1}), else empty;</li>
 *   <li>{@code box}: on face rows the face box as {@code x y width height} in pixels (space-separated
 *       integers), empty for a whole image read as a face crop and on other rows; landmarks are in
 *       the JSON only;</li>
 *   <li>{@code evidence}: {@code true} or {@code false};</li>
 *   <li>{@code top}, {@code topProbability}: the most probable label and its probability; empty without evidence;</li>
 *   <li>one column per label of {@link PredictionJson#LABELS}: {@code anger}, {@code disgust}, {@code fear},
 *       {@code happiness}, {@code sadness}, {@code surprise}, {@code neutral} ({@link Emotion#CANONICAL}),
 *       then {@code contempt}, {@code boredom}, {@code other}; {@code 0.000000} where the model has no such
 *       class, empty without evidence;</li>
 *   <li>{@code valence}, {@code arousal}, {@code dominance} on [-1, 1]; empty without evidence;</li>
 *   <li>{@code warnings}: the row's warnings joined with {@code " | "} (all of them on the fused
 *       whole-input row, the modality's own on a modality row, empty on segment rows).</li>
 * </ol>
 * Probabilities and dimensions have six decimals, always with a point ({@link Locale#ROOT}).
 *
 * <p>Rows for one prediction, in order: the fused whole-input row; one whole-input row per modality
 * that ran (in {@link Modality} order, also those without evidence); one row per fused timeline
 * segment ({@code modality} = {@code fused}); then each modality's own segments; then one row per
 * face observation ({@code modality} = {@code face}, with {@code start}/{@code end} for a video's
 * windows, empty for an image; {@code warnings} = the face's own). Quoting is
 * RFC 4180 (by Apache Commons CSV), lines end in {@code \n}, the text is UTF-8 when written to a file.
 *
 * <p>Usage: {@code try (CsvWriter csv = CsvWriter.open(path)) { csv.write("a.mp4", p); csv.write("b.mp4", q); }}.
 * The header is written once, when the writer is created. Not thread-safe; the static methods are.
 */
public final class CsvWriter implements Closeable, Flushable {
    /** The column names, in order. */
    public static final List<String> HEADER = header();

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setHeader(HEADER.toArray(String[]::new)).get();
    private static final Pattern FACE = Pattern.compile("face#(\\d+)");
    private static final String SEPARATOR = " | ";
    private static final int BOX = 5;

    private final CSVPrinter printer;
    private final boolean owned;

    private CsvWriter(Appendable out, boolean owned) throws IOException {
        this.printer = new CSVPrinter(out, FORMAT);
        this.owned = owned;
    }

    /**
     * A writer onto {@code out}; the header is written at once. {@link #close()} flushes
     * {@code out} but leaves it open: the caller owns it.
     */
    public static CsvWriter of(Appendable out) throws IOException {
        return new CsvWriter(Objects.requireNonNull(out, "out"), false);
    }

    /** A writer onto a new UTF-8 file (parent folders created, an existing file replaced); close it. */
    public static CsvWriter open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try {
            return new CsvWriter(w, true);
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Writes one prediction's rows. */
    public void write(String file, EmotionPrediction prediction) throws IOException {
        for (List<String> row : rows(file, prediction)) {
            printer.printRecord(row);
        }
    }

    /** Writes several predictions, keyed by file name, in the map's order. */
    public void writeAll(Map<String, EmotionPrediction> predictions) throws IOException {
        Objects.requireNonNull(predictions, "predictions");
        for (Map.Entry<String, EmotionPrediction> e : predictions.entrySet()) {
            write(e.getKey(), e.getValue());
        }
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    /** Flushes; closes the output when this writer opened it ({@link #open(Path)}). Idempotent. */
    @Override
    public void close() throws IOException {
        if (owned) {
            printer.close(true);
        } else {
            printer.flush();
        }
    }

    /** Header and rows of one prediction as CSV text. */
    public static String toCsv(String file, EmotionPrediction prediction) {
        StringWriter w = new StringWriter();
        try (CsvWriter csv = of(w)) {
            csv.write(file, prediction);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV to a string", e);
        }
        return w.toString();
    }

    /** Writes header and rows of one prediction to a file. */
    public static void write(String file, EmotionPrediction prediction, Path out) throws IOException {
        try (CsvWriter csv = open(out)) {
            csv.write(file, prediction);
        }
    }

    /** The rows of one prediction, each with {@link #HEADER}'s columns, as the strings written. */
    public static List<List<String>> rows(String file, EmotionPrediction p) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(p, "prediction");
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(file, null, "fused", "", p.hasEvidence() ? Optional.of(p.fused()) : Optional.empty(),
                p.hasEvidence() ? Optional.of(p.dimensions()) : Optional.empty(), p.warnings()));
        for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
            ModalityResult r = e.getValue();
            rows.add(row(file, null, e.getKey().word(), "", r.distribution(), r.dimensions(), r.warnings()));
        }
        for (Segment s : p.timeline()) {
            rows.add(segmentRow(file, s, "fused"));
        }
        for (Map.Entry<Modality, ModalityResult> e : p.modalities().entrySet()) {
            for (Segment s : e.getValue().segments()) {
                rows.add(segmentRow(file, s, e.getKey().word()));
            }
        }
        for (FaceObservation f : p.faces()) {
            List<String> r = row(file, f.span().orElse(null), "face", Integer.toString(f.person()),
                    Optional.of(f.distribution()), Optional.of(f.distribution().dimensions()), f.warnings());
            r.set(BOX, f.box().map(b -> b.x() + " " + b.y() + " " + b.width() + " " + b.height()).orElse(""));
            rows.add(r);
        }
        return rows;
    }

    private static List<String> segmentRow(String file, Segment s, String modality) {
        Matcher m = FACE.matcher(s.source());
        String person = modality.equals("vision") && m.matches() ? m.group(1) : "";
        return row(file, s.span(), modality, person, Optional.of(s.distribution()), Optional.of(s.dimensions()), List.of());
    }

    private static List<String> row(String file, TimeSpan segment, String modality, String person,
                                    Optional<EmotionDistribution> distribution, Optional<Dimensions> dimensions,
                                    List<String> warnings) {
        List<String> row = new ArrayList<>(HEADER.size());
        row.add(file);
        row.add(segment == null ? "" : String.format(Locale.ROOT, "%.3f", segment.start()));
        row.add(segment == null ? "" : String.format(Locale.ROOT, "%.3f", segment.end()));
        row.add(modality);
        row.add(person);
        row.add("");
        row.add(Boolean.toString(distribution.isPresent()));
        if (distribution.isPresent()) {
            EmotionDistribution d = distribution.get();
            LabelScore top = d.top();
            row.add(top.label().word());
            row.add(num(top.probability()));
            for (Emotion e : PredictionJson.LABELS) {
                row.add(num(d.probability(e)));
            }
        } else {
            for (int i = 0; i < 2 + PredictionJson.LABELS.size(); i++) {
                row.add("");
            }
        }
        if (distribution.isPresent() && dimensions.isPresent()) {
            Dimensions d = dimensions.get();
            row.add(num(d.valence()));
            row.add(num(d.arousal()));
            row.add(num(d.dominance()));
        } else {
            row.add("");
            row.add("");
            row.add("");
        }
        row.add(String.join(SEPARATOR, warnings));
        return row;
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.6f", x + 0.0);
    }

    private static List<String> header() {
        List<String> h = new ArrayList<>(List.of("file", "start", "end", "modality", "person", "box", "evidence", "top",
                "topProbability"));
        PredictionJson.LABELS.forEach(e -> h.add(e.word()));
        h.addAll(List.of("valence", "arousal", "dominance", "warnings"));
        return List.copyOf(h);
    }
}
