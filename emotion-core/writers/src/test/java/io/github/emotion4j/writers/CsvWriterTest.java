package io.github.emotion4j.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.FakeModalities;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path tmp;

    private static List<CSVRecord> parse(String csv) throws Exception {
        try (CSVParser p = CSVParser.parse(csv, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertEquals(CsvWriter.HEADER, p.getHeaderNames());
            return p.getRecords();
        }
    }

    @Test
    void headerIsTheDocumentedFixedColumns() {
        assertEquals(List.of("file", "start", "end", "modality", "person", "box", "evidence", "top", "topProbability",
                "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral", "contempt", "boredom", "other",
                "valence", "arousal", "dominance", "warnings"), CsvWriter.HEADER);
        assertEquals(Emotion.CANONICAL.stream().map(Emotion::word).toList(), CsvWriter.HEADER.subList(9, 16));
    }

    @Test
    void oneRowPerSegmentAndModalityPlusTheWholeInput() throws Exception {
        EmotionPrediction p = FakeModalities.timedPrediction();
        String name = "clip \"one\", take 2.mp4";
        String csv = CsvWriter.toCsv(name, p);
        assertTrue(csv.startsWith(String.join(",", CsvWriter.HEADER) + "\n"), csv);
        List<CSVRecord> rows = parse(csv);
        assertEquals(1 + 3 + p.timeline().size() + 3 + 8 + 3, rows.size());
        for (CSVRecord r : rows) {
            assertEquals(name, r.get("file"), "quoted by Commons CSV and read back");
            assertEquals(CsvWriter.HEADER.size(), r.size());
        }
        CSVRecord whole = rows.get(0);
        assertEquals("fused", whole.get("modality"));
        assertEquals("", whole.get("start"));
        assertEquals("true", whole.get("evidence"));
        assertEquals(p.top().label().word(), whole.get("top"));
        assertTrue(whole.get("warnings").contains("vision: face small in frame 3"), whole.toString());
        assertEquals(List.of("audio", "vision", "text"), rows.subList(1, 4).stream().map(r -> r.get("modality")).toList());
        assertEquals("face small in frame 3", rows.get(2).get("warnings"));
        assertEquals("0.000000", whole.get("boredom"));
        for (CSVRecord r : rows) {
            double sum = 0;
            for (Emotion e : PredictionJson.LABELS) {
                sum += Double.parseDouble(r.get(e.word()));
            }
            assertEquals(1.0, sum, 1e-5, r.toString());
            double v = Double.parseDouble(r.get("valence"));
            assertTrue(v >= -1 && v <= 1);
        }
        CSVRecord firstSegment = rows.get(4);
        assertEquals("fused", firstSegment.get("modality"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", p.timeline().get(0).span().start()),
                firstSegment.get("start"));
        List<CSVRecord> vision = rows.stream().filter(r -> r.get("modality").equals("vision") && !r.get("start").isEmpty())
                .toList();
        assertEquals(8, vision.size());
        vision.forEach(r -> assertEquals("1", r.get("person"), "face#1"));
        CSVRecord audio2 = rows.stream().filter(r -> r.get("modality").equals("audio") && r.get("start").equals("3.200"))
                .findFirst().orElseThrow();
        assertEquals("5.600", audio2.get("end"));
        assertEquals("anger", audio2.get("top"));
        assertEquals("", audio2.get("person"));
        assertEquals("", audio2.get("box"));
    }

    @Test
    void withoutEvidenceTheRowSaysSo() throws Exception {
        List<CSVRecord> rows = parse(CsvWriter.toCsv("wall.png", FakeModalities.noEvidencePrediction()));
        assertEquals(2, rows.size(), "fused and the vision row that found nothing");
        for (CSVRecord r : rows) {
            assertEquals("false", r.get("evidence"));
            for (String c : List.of("top", "topProbability", "anger", "neutral", "valence", "dominance")) {
                assertEquals("", r.get(c), c);
            }
        }
        assertEquals("no face found", rows.get(1).get("warnings"));
    }

    @Test
    void manyPredictionsShareOneHeader() throws Exception {
        Map<String, EmotionPrediction> many = new LinkedHashMap<>();
        many.put("a.txt", FakeModalities.textPrediction());
        many.put("b.png", FakeModalities.noEvidencePrediction());
        StringWriter out = new StringWriter();
        try (CsvWriter csv = CsvWriter.of(out)) {
            csv.writeAll(many);
            csv.write("c.txt", FakeModalities.textPrediction());
        }
        List<CSVRecord> rows = parse(out.toString());
        assertEquals(List.of("a.txt", "a.txt", "b.png", "b.png", "c.txt", "c.txt"), rows.stream().map(r -> r.get("file")).toList());
        assertEquals(1, out.toString().lines().filter(l -> l.startsWith("file,")).count(), "header once");

        Path file = tmp.resolve("out/all.csv");
        try (CsvWriter csv = CsvWriter.open(file)) {
            csv.writeAll(many);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(4, parse(text).size());
        CsvWriter.write("one.txt", FakeModalities.textPrediction(), tmp.resolve("one.csv"));
        assertEquals(2, parse(Files.readString(tmp.resolve("one.csv"))).size());
    }
}
