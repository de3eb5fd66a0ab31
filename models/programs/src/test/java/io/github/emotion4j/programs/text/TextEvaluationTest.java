package io.github.emotion4j.programs.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextAnalyzer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEvaluationTest {
    static EngineRuntime runtime;
    static TextAnalyzer analyzer;

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        analyzer = new MiniLmTextProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()));
    }

    @AfterAll
    static void close() {
        analyzer.close();
        runtime.close();
    }

    @Test
    void goEmotionsLayoutWithLabelsTxt(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("labels.txt"), List.of("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"));
        Path tsv = dir.resolve("dev.tsv");
        Files.write(tsv, List.of("I love you so much, best day ever!\t3\ta1", "I hate you, you ruined it!\t0\ta2",
                "This is so sad, I miss him.\t5\ta3", "Wow, I did not expect that at all!\t6\ta4",
                "Both labels\t3,6\ta5", "The bus leaves at nine.\t4\ta6"), StandardCharsets.UTF_8);
        TextEvaluation.Result r = TextEvaluation.evaluate(analyzer, tsv, Optional.empty());
        assertEquals(5, r.report().n());
        assertEquals(1, r.skipped());
        assertEquals(List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"), r.report().classes());
        assertTrue(r.report().accuracy() >= 0.6, r.report().toText());
        assertTrue(r.report().toJson().contains("\"macroF1\""));
    }

    @Test
    void textAndLabelNames(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("mine.tsv");
        Files.write(tsv, List.of("I am so happy!\thappy", "I am furious\tangry", "no idea\tbanana", "This is disgusting\tdisgust"),
                StandardCharsets.UTF_8);
        TextEvaluation.Result r = TextEvaluation.evaluate(analyzer, tsv, Optional.empty());
        assertEquals(3, r.report().n());
        assertEquals(1, r.skipped());
    }

    @Test
    void malformedRowsNameFileAndLine(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("bad.tsv");
        Files.write(tsv, List.of("fine\thappy", "no tab here"), StandardCharsets.UTF_8);
        var e = assertThrows(java.io.IOException.class, () -> TextEvaluation.evaluate(analyzer, tsv, Optional.empty()));
        assertTrue(e.getMessage().contains("bad.tsv:2"), e.getMessage());
    }

    /** A slice of the real dev set (skipped without ../shared/data). */
    @Test
    void goEmotionsDevSlice(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestData.sharedData().isPresent());
        Path ekman = TestData.sharedData().get().resolve("text/goemotions/ekman");
        Assumptions.assumeTrue(Files.isRegularFile(ekman.resolve("dev.tsv")));
        Path slice = dir.resolve("dev-slice.tsv");
        Files.write(slice, Files.readAllLines(ekman.resolve("dev.tsv")).subList(0, 300), StandardCharsets.UTF_8);
        TextEvaluation.Result r = TextEvaluation.evaluate(analyzer, slice, Optional.of(ekman.resolve("labels.txt")));
        assertTrue(r.report().n() > 250);
        assertTrue(r.report().accuracy() > 0.45, r.report().toText());
    }
}
