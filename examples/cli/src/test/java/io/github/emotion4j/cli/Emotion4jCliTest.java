package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.testing.FakeModalities;
import io.github.emotion4j.writers.PredictionJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Emotion4jCliTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsTheCommands() {
        CliRunner r = CliRunner.run("--help");
        assertEquals(0, r.code(), r.toString());
        for (String c : new String[] {"analyze", "evaluate", "models", "bench"}) {
            assertTrue(r.out().contains(c), r.toString());
        }
    }

    @Test
    void analyzeWithoutInputIsAUsageError() {
        CliRunner r = CliRunner.run("analyze");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("FILE"), r.toString());
    }

    @Test
    void missingFileNamesTheFile() {
        CliRunner r = CliRunner.run("analyze", tmp.resolve("nothing.mp4").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("nothing.mp4"), r.toString());
    }

    @Test
    void badTimelineExtensionIsRejected() {
        CliRunner r = CliRunner.run("analyze", "--text", "hello", "--timeline", tmp.resolve("x.gif").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(".png or .html"), r.toString());
    }

    @Test
    void unknownFusionListsTheKnownOnes() {
        CliRunner r = CliRunner.run("analyze", "--text", "hello", "--fusion", "magic");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("probability"), r.toString());
    }

    @Test
    void summaryWithoutEvidenceSaysSoInsteadOfATopLabel() throws Exception {
        StringWriter w = new StringWriter();
        try (PrintWriter out = new PrintWriter(w)) {
            AnalyzeCommand.printSummary(out, "wall.png", FakeModalities.noEvidencePrediction());
        }
        String summary = w.toString();
        assertTrue(summary.startsWith("wall.png: no evidence"), summary);
        assertFalse(summary.contains("anger"), summary);
        assertFalse(summary.contains("dimensions"), summary);
        assertTrue(summary.contains("vision      no evidence"), summary);
        assertTrue(summary.contains("warning     vision: no face found"), summary);

        StringWriter t = new StringWriter();
        try (PrintWriter out = new PrintWriter(t)) {
            AnalyzeCommand.printSummary(out, "text", FakeModalities.textPrediction());
        }
        assertTrue(t.toString().startsWith("text: happiness 80%"), t.toString());
    }

    @Test
    void jsonAndCsvCannotBothGoToStandardOutput() {
        CliRunner r = CliRunner.run("analyze", "--text", "hello", "--json", "-", "--csv", "-");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("standard output"), r.toString());
    }

    @Test
    void modelsPrintsJson() throws Exception {
        CliRunner r = CliRunner.run("models", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = PredictionJson.mapper().readTree(r.out());
        assertTrue(root.get("models").isArray());
        assertTrue(root.get("fusionStrategies").toString().contains("probability"));
    }

    @Test
    void modelsListsAModelFolder() {
        Path tiny = TestData.resolve("models/tiny-mlp");
        CliRunner r = CliRunner.run("models", "--model", tiny.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("tiny-mlp"), r.toString());
    }

    @Test
    void mediaProbeReadsTheDemoDurations() {
        Optional<Double> mp4 = MediaProbe.durationSeconds(TestData.resolve("demo/demo.mp4"));
        Optional<Double> wav = MediaProbe.durationSeconds(TestData.resolve("demo/demo.wav"));
        assertEquals(10.4, mp4.orElseThrow(), 0.05);
        assertEquals(10.38, wav.orElseThrow(), 0.05);
        assertTrue(MediaProbe.durationSeconds(TestData.resolve("demo/demo.srt")).isEmpty());
    }
}
