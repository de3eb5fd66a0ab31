package io.github.emotion4j.programs.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.AudioAnalyzer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads a few EmoDB files end to end; skipped when ../shared/data is absent. */
class EmoDbSharedDataTest {

    @Test
    void corpusListingAndEndToEndAnalysis() throws Exception {
        Assumptions.assumeTrue(TestData.sharedData().isPresent(), "../shared/data is absent");
        Path root = TestData.sharedData().get().resolve("speech/emodb-4class");
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(root), "no EmoDB 4-class folder");
        List<EmoDbCorpus.Item> items = EmoDbCorpus.list(root);
        assertEquals(266, items.size());
        assertEquals(8, items.stream().map(EmoDbCorpus.Item::speaker).distinct().count());
        try (EngineRuntime rt = EngineRuntime.cpu();
             AudioAnalyzer a = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(), Map.of("audio.model", "4class")))) {
            int ok = 0;
            List<EmoDbCorpus.Item> some = items.stream().filter(i -> i.speaker().equals("03")).toList();
            for (EmoDbCorpus.Item it : some) {
                ModalityResult r = a.analyze(MediaInput.ofFile(it.file()));
                assertTrue(r.hasEvidence(), it.file() + ": " + r.warnings());
                ok += r.distribution().get().top().label().word().equals(it.label()) ? 1 : 0;
            }
            // training data of the shipped model: a sanity check of the pipeline, not an accuracy claim
            assertTrue(ok >= 0.8 * some.size(), ok + "/" + some.size());
        }
    }
}
