package io.github.emotion4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.text.transcript.TranscriptParser;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2.4 MB SRT with 60,000 short cues took 59 s in the encoder: {@code text.maxChars} did not
 * bound the number of cues. Now {@code text.maxCues} does, with a warning.
 */
class LongTranscriptTest {
    private static final String[] WORDS = {"Hi.", "No!", "Yes.", "Okay.", "Why?", "Wow!", "Sure.", "Oh no."};

    @TempDir
    Path dir;

    /** Writes an SRT of {@code cues} one-second cues with a short line each. */
    static Path srt(Path file, int cues) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < cues; i++) {
                w.write(Integer.toString(i + 1));
                w.write('\n');
                w.write(time(i) + " --> " + time(i + 1) + "\n");
                w.write(WORDS[i % WORDS.length]);
                w.write("\n\n");
            }
        }
        return file;
    }

    private static String time(int seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d,000", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Test
    void sixtyThousandCuesAreCutToTheCueLimitWithAWarning() throws Exception {
        Path file = srt(dir.resolve("long.srt"), 60_000);
        long p0 = System.nanoTime();
        int parsed = TranscriptParser.read(file).cues().size();
        System.out.printf("60,000-cue SRT: %.2f MB, %d cues parsed in %.2f s%n", Files.size(file) / 1e6, parsed,
                (System.nanoTime() - p0) / 1e9);
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TextAnalyzer analyzer = new MiniLmTextProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()))) {
            long t0 = System.nanoTime();
            ModalityResult r = analyzer.analyze(MediaInput.ofFile(file));
            System.out.printf("60,000-cue SRT analysed in %.1f s (%d segments, warnings %s)%n",
                    (System.nanoTime() - t0) / 1e9, r.segments().size(), r.warnings());
            assertTrue(r.hasEvidence(), r.warnings().toString());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains(TextOptions.MAX_CUES) && w.contains("60000")),
                    r.warnings().toString());
            assertEquals(TextOptions.DEFAULTS.maxCues(), r.segments().size());
        }
    }

    @Test
    void aSmallerCueLimitIsAnOption() throws Exception {
        Path file = srt(dir.resolve("short.srt"), 50);
        try (EngineRuntime runtime = EngineRuntime.cpu();
             TextAnalyzer analyzer = new MiniLmTextProvider().create(new AnalyzerContext(runtime, Map.of(),
                     Map.of(TextOptions.MAX_CUES, "20")))) {
            ModalityResult r = analyzer.analyze(MediaInput.ofFile(file));
            assertEquals(20, r.segments().size());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("only the first 20")), r.warnings().toString());
        }
    }
}
