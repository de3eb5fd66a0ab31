package io.github.emotion4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.writers.CsvWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job on {@code local[2]} (two partitions, two recognizers) over the demo media, a corrupt file,
 * a text file and a missing file, and checks the rows. Spark binds to 127.0.0.1 and starts no UI.
 */
class SparkJobTest {
    private static final Path DEMO = Path.of(System.getProperty("emotion4j.testdata.dir", "../../src-test-data"),
            "demo").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // a cold model cache, as on a fresh executor: both tasks extract the bundled models at the same time
        System.setProperty("emotion4j.cache.dir", tmp.resolve("model-cache").toString());
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("emotion4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
        System.clearProperty("emotion4j.cache.dir");
    }

    @Test
    void scoresACsvTableOfPathsIntoParquet() throws Exception {
        Path inputs = Files.createDirectories(tmp.resolve("csv-job"));
        Path corrupt = inputs.resolve("corrupt.mp4");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(corrupt, noise);
        Path text = Files.writeString(inputs.resolve("note.txt"), "What a lovely surprise! I am so happy for you.");
        Path missing = inputs.resolve("missing.wav");
        List<String> paths = List.of(DEMO.resolve("demo.wav").toString(), DEMO.resolve("face.jpg").toString(),
                DEMO.resolve("demo.mp4").toString(), corrupt.toString(), text.toString(), missing.toString());
        Path table = inputs.resolve("media.csv");
        // the video comes with its subtitles (a transcript column; empty cells are null)
        StringBuilder csv = new StringBuilder("path,transcript\n");
        for (String p : paths) {
            csv.append(p).append(',').append(p.endsWith("demo.mp4") ? DEMO.resolve("demo.srt").toString() : "")
                    .append('\n');
        }
        Files.writeString(table, csv);
        Path out = inputs.resolve("scores.parquet");

        ExecutorRecognizers.closeAll();
        int buildsBefore = ExecutorRecognizers.builds();
        long t0 = System.nanoTime();
        EmotionSparkJob.Summary summary = EmotionSparkJob.run(spark,
                EmotionSparkJob.Options.parse("--input", table.toString(), "--output", out.toString(), "--partitions", "3"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "local[2] job, CSV table -> Parquet: %s (test saw %.1f s)%n", summary, seconds);

        assertEquals(6, summary.inputs());
        assertEquals(2, summary.failedInputs());
        assertEquals(1, ExecutorRecognizers.builds() - buildsBefore,
                "three partitions on one executor (local[2]) share one recognizer");
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(summary.rows(), rows.size());
        List<String> expectedColumns = new ArrayList<>(CsvWriter.HEADER);
        expectedColumns.add(ScoreTable.ERROR);
        assertEquals(expectedColumns, List.of(spark.read().parquet(out.toString()).columns()));

        Map<String, List<Row>> byFile = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("file")));
        assertEquals(6, byFile.size(), "every input has rows: " + byFile.keySet());
        for (String p : List.of(paths.get(0), paths.get(1), paths.get(2), paths.get(4))) {
            List<Row> own = byFile.get(p);
            assertNotNull(own, p);
            assertTrue(own.stream().allMatch(r -> r.isNullAt(r.fieldIndex(ScoreTable.ERROR))), p + ": " + own);
            assertTrue(own.stream().anyMatch(r -> "fused".equals(r.getAs("modality"))), p);
        }
        assertModalityWithEvidence(byFile.get(paths.get(0)), "audio");
        assertModalityWithEvidence(byFile.get(paths.get(1)), "vision");
        assertModalityWithEvidence(byFile.get(paths.get(2)), "vision");
        assertModalityWithEvidence(byFile.get(paths.get(2)), "audio");
        assertModalityWithEvidence(byFile.get(paths.get(2)), "text");
        assertModalityWithEvidence(byFile.get(paths.get(4)), "text");
        for (String failed : List.of(paths.get(3), paths.get(5))) {
            List<Row> own = byFile.get(failed);
            assertEquals(1, own.size(), failed + ": one error row");
            Row r = own.get(0);
            assertFalse(r.<Boolean>getAs("evidence"));
            assertNull(r.getAs("top"));
            String error = r.getAs(ScoreTable.ERROR);
            assertNotNull(error, failed);
            System.out.println("error row for " + Path.of(failed).getFileName() + ": " + error);
        }

        // the image's rows are exactly what the CSV writer gives for the same prediction on the driver
        try (EmotionRecognizer recognizer = RecognizerSettings.defaults().build()) {
            List<Row> expected = ScoreTable.rows(paths.get(1),
                    recognizer.predict(MediaInput.ofFile(Path.of(paths.get(1)))));
            assertEquals(sorted(expected), sorted(byFile.get(paths.get(1))));
        }
    }

    @Test
    void scoresAFolderListingIntoCsvWithTheCsvWritersColumns() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("folder-job/media/nested"));
        Files.copy(DEMO.resolve("face.jpg"), folder.resolve("face.jpg"));
        Files.write(folder.getParent().resolve("truncated.jpg"),
                java.util.Arrays.copyOf(Files.readAllBytes(DEMO.resolve("face.jpg")), 300));
        Files.writeString(folder.getParent().resolve("skipped.md"), "not matched by the glob");
        Path out = tmp.resolve("folder-job/scores-csv");

        EmotionSparkJob.Summary summary = EmotionSparkJob.run(spark, EmotionSparkJob.Options.parse(
                "--input", folder.getParent().toString(), "--output", out.toString(), "--glob", "*.jpg", "--format", "csv",
                "--partitions", "1", "--modalities", "vision"));
        System.out.println("local[2] job, folder -> CSV: " + summary);
        assertEquals(2, summary.inputs());
        assertEquals(1, summary.failedInputs());

        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> partLines = Files.readAllLines(part, StandardCharsets.UTF_8);
                assertEquals(String.join(",", CsvWriter.HEADER) + "," + ScoreTable.ERROR, partLines.get(0));
                lines.addAll(partLines.subList(1, partLines.size()));
            }
        }
        assertEquals(summary.rows(), lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("face.jpg,,,fused,,,true,")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("truncated.jpg,,,,,,false,") && l.contains("Exception")),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains("skipped.md")));
    }

    private static void assertModalityWithEvidence(List<Row> rows, String modality) {
        assertTrue(rows.stream().anyMatch(r -> modality.equals(r.getAs("modality")) && r.isNullAt(r.fieldIndex("start"))
                        && r.<Boolean>getAs("evidence") && r.getAs("top") != null),
                modality + " whole-input row with evidence in " + rows);
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
