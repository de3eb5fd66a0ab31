package io.github.emotion4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.text.transcript.TranscriptFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default text analyser (MiniLM + trained GoEmotions heads) end to end, including bad input. */
class TextAnalyzerTest {
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
        analyzer.close();
        runtime.close();
    }

    static Emotion top(ModalityResult r) {
        return r.distribution().orElseThrow().top().label();
    }

    @Test
    void clearTextsGetTheirEmotion() throws Exception {
        assertEquals(Emotion.HAPPINESS, top(analyzer.analyze(MediaInput.ofText("I am so happy today, this is wonderful!"))));
        assertEquals(Emotion.SADNESS, top(analyzer.analyze(MediaInput.ofText("I miss her so much, I cried all night."))));
        assertEquals(Emotion.ANGER, top(analyzer.analyze(MediaInput.ofText("I am furious, you idiots ruined everything!"))));
        assertEquals(Emotion.FEAR, top(analyzer.analyze(MediaInput.ofText("I'm terrified, I am so scared of what happens next."))));
    }

    @Test
    void plainTextResultHasEverything() throws Exception {
        ModalityResult r = analyzer.analyze(MediaInput.ofText("Thank you so much, I love it!"));
        assertEquals(Modality.TEXT, r.modality());
        assertEquals(Emotion.CANONICAL.size(), r.distribution().orElseThrow().labels().size());
        assertEquals(1, r.embeddings().size());
        Embedding e = r.embeddings().get(0);
        assertEquals(384, e.dimension());
        assertTrue(e.span().isEmpty());
        assertEquals("text-minilm-l6-v2-q", e.modelId());
        assertTrue(r.segments().isEmpty());
        assertEquals(28, r.details().size());
        for (String label : LabelSet.GOEMOTIONS_28.labels()) {
            double p = r.details().get("goemotions." + label);
            assertTrue(p >= 0 && p <= 1, label);
        }
        assertTrue(r.details().get("goemotions.gratitude") > r.details().get("goemotions.grief"));
        assertTrue(r.cues().stream().anyMatch(c -> c.feature().equals("goemotions.gratitude")
                && c.text().contains("a kind of happiness")), r.cues().toString());
        assertEquals(List.of("text-minilm-l6-v2-q", "text-goemotions-ekman", "text-goemotions-28"),
                r.models().stream().map(m -> m.id()).toList());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertTrue(r.dimensions().isPresent());
    }

    static final String SRT = "1\n00:00:01,000 --> 00:00:03,000\nWe won the championship, this is the best day ever!\n\n"
            + "2\n00:00:04,000 --> 00:00:06,500\nMy dog died this morning and I can't stop crying.\n\n"
            + "3\n00:00:07,000 --> 00:00:08,000\n<i></i>\n";

    @Test
    void subtitleCuesBecomeTimedSegments(@TempDir Path dir) throws Exception {
        Path srt = dir.resolve("clip.srt");
        Files.writeString(srt, SRT);
        for (MediaInput in : List.of(MediaInput.ofFile(srt), MediaInput.ofText("placeholder").withTranscript(srt),
                MediaInput.ofText(SRT))) {
            assertTrue(analyzer.accepts(in));
            ModalityResult r = analyzer.analyze(in);
            List<Segment> s = r.segments();
            assertEquals(2, s.size(), in.toString());
            assertEquals(new TimeSpan(1, 3), s.get(0).span());
            assertEquals(new TimeSpan(4, 6.5), s.get(1).span());
            assertEquals("subtitle 1", s.get(0).source());
            assertEquals(Emotion.HAPPINESS, s.get(0).distribution().top().label());
            assertEquals(Emotion.SADNESS, s.get(1).distribution().top().label());
            assertEquals(2, r.embeddings().size());
            assertEquals(new TimeSpan(4, 6.5), r.embeddings().get(1).span().orElseThrow());
            assertTrue(r.hasEvidence());
            assertEquals(28, r.details().size());
        }
    }

    @Test
    void webVttAndPlainTextFiles(@TempDir Path dir) throws Exception {
        Path vtt = dir.resolve("clip.vtt");
        Files.writeString(vtt, "WEBVTT\n\n00:00.500 --> 00:02.000\n<v Ann>This is disgusting, it makes me sick.\n");
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(vtt));
        assertEquals(1, r.segments().size());
        assertEquals(new TimeSpan(0.5, 2.0), r.segments().get(0).span());
        Path txt = dir.resolve("note.txt");
        Files.writeString(txt, "What a wonderful surprise, thank you!");
        ModalityResult t = analyzer.analyze(MediaInput.ofFile(txt));
        assertTrue(t.segments().isEmpty());
        assertTrue(t.hasEvidence());
    }

    @Test
    void listsOfStringsAreBatched() {
        List<ModalityResult> rs = analyzer.analyzeTexts(List.of("I love this!", "   ", "This is so sad."));
        assertEquals(3, rs.size());
        assertEquals(Emotion.HAPPINESS, top(rs.get(0)));
        assertFalse(rs.get(1).hasEvidence());
        assertEquals(Emotion.SADNESS, top(rs.get(2)));
    }

    @Test
    void manyThreadsAtOnceGetTheSameAnswers() throws Exception {
        List<String> texts = List.of("I love this!", "This is so sad.", "I am furious!", "What a surprise!",
                "That is disgusting.", "I am scared.", "The bus leaves at nine.", "Thank you so much!");
        List<ModalityResult> expected = new java.util.ArrayList<>();
        for (String t : texts) {
            expected.add(analyzer.analyze(MediaInput.ofText(t)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ModalityResult>> futures = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String t : texts) {
                    futures.add(pool.submit(() -> analyzer.analyze(MediaInput.ofText(t))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(expected.get(i % texts.size()).distribution(), futures.get(i).get().distribution());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void recognizersOnOneSharedThreadServeManyCallers() throws Exception {
        List<String> texts = List.of("I love this!", "This is so sad.", "I am furious!", "What a surprise!");
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6);
        try (io.github.emotion4j.core.EmotionRecognizer r = io.github.emotion4j.core.EmotionRecognizer.builder()
                .provider(new MiniLmTextProvider()).executor(one).option(TextOptions.BATCH_SIZE, "2").build()) {
            List<io.github.emotion4j.core.EmotionDistribution> expected = new java.util.ArrayList<>();
            for (String t : texts) {
                expected.add(analyzer.analyze(MediaInput.ofText(t)).distribution().orElseThrow());
            }
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
                List<java.util.concurrent.Future<io.github.emotion4j.core.EmotionPrediction>> got = new java.util.ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String t = texts.get(i % texts.size());
                    got.add(callers.submit(() -> r.predict(MediaInput.ofText(t))));
                }
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(expected.get(i % texts.size()), got.get(i).get().modality(Modality.TEXT).orElseThrow()
                            .distribution().orElseThrow());
                }
            }, "a hang here means a caller waited for work that had not started");
        } finally {
            callers.shutdownNow();
            one.shutdownNow();
        }
    }

    @Test
    void optionsAreCheckedAtBuild() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> io.github.emotion4j.core
                .EmotionRecognizer.builder().provider(new MiniLmTextProvider()).option("text.batchsize", "8").build());
        assertTrue(unknown.getMessage().contains("text.batchsize") && unknown.getMessage().contains("text.batchSize (")
                && unknown.getMessage().contains("text.maxChars ("), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> io.github.emotion4j.core
                .EmotionRecognizer.builder().provider(new MiniLmTextProvider()).option(TextOptions.MAX_CHARS, "0").build());
        assertTrue(bad.getMessage().contains("text.maxChars='0'") && bad.getMessage().contains(">= 1"), bad.getMessage());
        assertEquals(new TextOptions(8, 100_000), TextOptions.of(new AnalyzerContext(runtime, Map.of(),
                Map.of(TextOptions.BATCH_SIZE, "8"))));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void emptyAndWhitespaceGiveNoEvidenceAndAWarning() throws Exception {
        for (String s : List.of("", "   \n\t  ", "\u0000\u0001\u0002")) {
            ModalityResult r = analyzer.analyze(MediaInput.ofText(s));
            assertFalse(r.hasEvidence());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("empty text")), r.warnings().toString());
        }
    }

    @Test
    void oneMegabyteOfTextIsCutWithAWarning() throws Exception {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1_000_000) {
            sb.append("The weather was fine and we went for a walk in the park. ");
        }
        ModalityResult r = analyzer.analyze(MediaInput.ofText(sb.toString()));
        assertTrue(r.hasEvidence());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("100000 characters")), r.warnings().toString());
    }

    @Test
    void invalidUtf8BytesAreReplacedNotFatal(@TempDir Path dir) throws Exception {
        byte[] bytes = {'I', ' ', 'a', 'm', ' ', (byte) 0xFF, (byte) 0xFE, ' ', 'h', 'a', 'p', 'p', 'y', (byte) 0xC3};
        ModalityResult fromString = analyzer.analyze(MediaInput.ofText(new String(bytes, StandardCharsets.UTF_8)));
        assertTrue(fromString.hasEvidence());
        Path f = dir.resolve("bad.txt");
        Files.write(f, bytes);
        ModalityResult fromFile = analyzer.analyze(MediaInput.ofFile(f));
        assertTrue(fromFile.hasEvidence());
        assertTrue(fromFile.warnings().stream().anyMatch(w -> w.contains("not valid UTF-8")), fromFile.warnings().toString());
        ModalityResult surrogates = analyzer.analyze(MediaInput.ofText("broken \uD800 surrogate \uDC00 here"));
        assertTrue(surrogates.hasEvidence());
    }

    @Test
    void emojiOnlyAndControlCharactersAreFine() throws Exception {
        ModalityResult emoji = analyzer.analyze(MediaInput.ofText("😀😂🎉❤️"));
        assertTrue(emoji.hasEvidence());
        assertTrue(emoji.warnings().isEmpty(), emoji.warnings().toString());
        ModalityResult ctrl = analyzer.analyze(MediaInput.ofText("I\u0000 am\u0007 so\u001B[31m angry\u0008!"));
        assertTrue(ctrl.hasEvidence());
    }

    @Test
    void nonEnglishTextGetsAWarning() throws Exception {
        for (String s : List.of("Ich bin heute so glücklich, das ist wunderbar!", "我今天很开心", "Я сегодня очень счастлив")) {
            ModalityResult r = analyzer.analyze(MediaInput.ofText(s));
            assertTrue(r.hasEvidence());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("English")), s + " " + r.warnings());
        }
    }

    @Test
    void brokenSubtitlesAndMissingFilesAreTypedExceptions(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.vtt");
        Files.writeString(bad, "WEBVTT\n\n00:00.500 --> 00:0x.000\nhello\n");
        TranscriptFormatException e = assertThrows(TranscriptFormatException.class, () -> analyzer.analyze(MediaInput.ofFile(bad)));
        assertTrue(e.getMessage().contains("bad.vtt") && e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(dir.resolve("missing.srt"))));
    }

    @Test
    void acceptsOnlyInputsWithText() {
        assertFalse(analyzer.accepts(MediaInput.ofAudio(new float[16], 16000)));
        assertTrue(analyzer.accepts(MediaInput.ofAudio(new float[16], 16000).withTranscript("hi")));
    }
}
