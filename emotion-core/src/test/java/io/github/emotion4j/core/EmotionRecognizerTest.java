package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EmotionRecognizerTest {

    /** A provider whose analyser answers with a fixed function of the input. */
    record FakeProvider(Modality modality, Function<MediaInput, ModalityResult> answer, AtomicInteger closes)
            implements ModalityAnalyzerProvider {
        @Override
        public String name() {
            return "fake-" + modality.word();
        }

        @Override
        public ModalityAnalyzer create(AnalyzerContext context) {
            return new ModalityAnalyzer() {
                @Override
                public Modality modality() {
                    return modality;
                }

                @Override
                public boolean accepts(MediaInput input) {
                    return modality == Modality.TEXT ? input.hasText() : input.kind() != MediaKind.TEXT;
                }

                @Override
                public ModalityResult analyze(MediaInput input) {
                    return answer.apply(input);
                }

                @Override
                public List<ModelInfo> models() {
                    return List.of(new ModelInfo("fake", "1", "0".repeat(64), "java", "cpu"));
                }

                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };
        }
    }

    private static EmotionDistribution dist(Emotion top, double p) {
        double rest = (1 - p) / 6;
        double[] probs = new double[7];
        for (int i = 0; i < 7; i++) {
            probs[i] = Emotion.CANONICAL.get(i) == top ? p : rest;
        }
        return new EmotionDistribution(Emotion.CANONICAL, probs);
    }

    @Test
    void missingStreamsWarnUnlessNoModalityReadsTheFileAndStrictDecodingRejectsTruncation() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Function<MediaInput, ModalityResult> noStream = i -> ModalityResult.builder(Modality.VISION)
                .warning("no video stream in x.mp4").detail(TruncationCheck.NO_STREAM, 1).build();
        Function<MediaInput, ModalityResult> truncatedAudio = i -> ModalityResult.builder(Modality.AUDIO)
                .distribution(dist(Emotion.ANGER, 0.6)).warning(TruncationCheck.note(1.0, 3.0))
                .detail(TruncationCheck.DETAIL, 1).build();
        MediaInput file = MediaInput.ofFile(Path.of("x.mp4"));
        try (EmotionRecognizer r = EmotionRecognizer.builder()
                .provider(new FakeProvider(Modality.VISION, noStream, closes))
                .provider(new FakeProvider(Modality.AUDIO, truncatedAudio, closes)).build()) {
            EmotionPrediction p = r.predict(file);
            assertEquals(Emotion.ANGER, p.top().label());
            assertTrue(p.warnings().contains("vision: no video stream in x.mp4"), p.warnings().toString());
            assertTrue(p.warnings().contains("audio: file looks truncated: decoded 1.00 s of 3.00 s declared"),
                    p.warnings().toString());
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().strictDecoding()
                .provider(new FakeProvider(Modality.VISION, noStream, closes))
                .provider(new FakeProvider(Modality.AUDIO, truncatedAudio, closes)).build()) {
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> r.predict(file));
            assertTrue(e.getMessage().contains("x.mp4") && e.getMessage().contains("audio: file looks truncated"),
                    e.getMessage());
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(new FakeProvider(Modality.VISION, noStream, closes))
                .build()) {
            UnsupportedMediaException e = assertThrows(UnsupportedMediaException.class, () -> r.predict(file));
            assertTrue(e.getMessage().contains("x.mp4") && e.getMessage().contains("no video stream"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().strictDecoding().strictDecoding());
    }

    @Test
    void builderValidates() {
        assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().build());
        assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().device(Device.cpu()).device(Device.cpu()));
        assertThrows(IllegalStateException.class,
                () -> EmotionRecognizer.builder().fusion(Fusions.late()).fusion(Fusions.late()));
        assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().option("a", "1").option("a", "2"));
        assertThrows(NullPointerException.class, () -> EmotionRecognizer.builder().device(null));
        AtomicInteger closes = new AtomicInteger();
        FakeProvider text = new FakeProvider(Modality.TEXT, i -> ModalityResult.builder(Modality.TEXT).build(), closes);
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EmotionRecognizer.builder().provider(text).modalities(Modality.AUDIO).build());
        assertTrue(missing.getMessage().contains("emotion-audio"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().provider(text)
                .model(Modality.VISION, Path.of("x")).build());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> EmotionRecognizer.builder().withDefaultModels().build());
        assertTrue(none.getMessage().contains("no modality module"), none.getMessage());
    }

    @Test
    void fusesModalitiesAndReportsProvenance() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        FakeProvider audio = new FakeProvider(Modality.AUDIO, i -> ModalityResult.builder(Modality.AUDIO)
                .distribution(dist(Emotion.ANGER, 0.7))
                .segment(Segment.of(Modality.AUDIO, new TimeSpan(0, 2), dist(Emotion.ANGER, 0.7), "speech"))
                .segment(Segment.of(Modality.AUDIO, new TimeSpan(3, 4), dist(Emotion.SADNESS, 0.6), "speech"))
                .cue(new Cue(Modality.AUDIO, "energy_mean", 0.3, "energy high"))
                .model(new ModelInfo("fake-audio", "1", "1".repeat(64), "java", "cpu")).build(), closes);
        FakeProvider text = new FakeProvider(Modality.TEXT, i -> ModalityResult.builder(Modality.TEXT)
                .distribution(dist(Emotion.ANGER, 0.5))
                .segment(Segment.of(Modality.TEXT, new TimeSpan(1, 3.5), dist(Emotion.ANGER, 0.5), "subtitle 1"))
                .build(), closes);
        EmotionRecognizer r = EmotionRecognizer.builder().provider(audio).provider(text)
                .fusion(Fusions.probabilityGuided()).device(Device.cpu()).build();
        try (r) {
            EmotionPrediction p = r.predict(MediaInput.ofFile(Path.of("clip.wav")).withTranscript("you did what?"));
            assertEquals(Emotion.ANGER, p.fused().top().label());
            assertTrue(p.hasEvidence());
            assertEquals(2, p.modalities().size());
            assertTrue(p.modality(Modality.VISION).isEmpty());
            assertEquals(1.0, p.fusion().weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertTrue(p.fusion().weights().get(Modality.AUDIO) > p.fusion().weights().get(Modality.TEXT),
                    "the more confident modality weighs more");
            assertEquals(1, p.cues().size());
            assertEquals("fake-audio", p.provenance().models().get(0).id());
            assertTrue(p.dimensions().valence() < 0);
            // timeline: [0,1] audio, [1,2] audio+text, [2,3] text, [3,3.5] audio+text, [3.5,4] audio
            List<Segment> t = p.timeline();
            assertEquals(5, t.size(), t.toString());
            assertEquals(new TimeSpan(1, 2), t.get(1).span());
            assertEquals(2, t.get(1).modalities().size());
            assertEquals(1, t.get(2).modalities().size());
            assertEquals(Emotion.SADNESS, t.get(4).distribution().top().label());
        }
        r.close();
        assertEquals(2, closes.get(), "each analyser closed exactly once");
        assertThrows(IllegalStateException.class, () -> r.predict(MediaInput.ofText("x")));
    }

    @Test
    void missingEvidenceIsAWarningNotAnError() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        FakeProvider vision = new FakeProvider(Modality.VISION, i -> ModalityResult.builder(Modality.VISION)
                .warning("no face found").build(), closes);
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(vision).device(Device.cpu()).build()) {
            EmotionPrediction p = r.predict(MediaInput.ofFile(Path.of("wall.png")));
            assertFalse(p.hasEvidence());
            assertEquals(EmotionDistribution.uniform(Emotion.CANONICAL), p.fused());
            assertTrue(p.warnings().contains("vision: no face found"), p.warnings().toString());
            UnsupportedMediaException e = assertThrows(UnsupportedMediaException.class,
                    () -> r.predict(MediaInput.ofText("hello")));
            assertTrue(e.getMessage().contains("emotion-text"), e.getMessage());
        }
    }

    @Test
    void failingProviderClosesWhatWasBuilt() {
        AtomicInteger closes = new AtomicInteger();
        FakeProvider ok = new FakeProvider(Modality.AUDIO, i -> null, closes);
        ModalityAnalyzerProvider bad = new ModalityAnalyzerProvider() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public Modality modality() {
                return Modality.VISION;
            }

            @Override
            public ModalityAnalyzer create(AnalyzerContext context) throws ModelLoadException {
                throw new ModelLoadException("broken model");
            }
        };
        assertThrows(ModelLoadException.class, () -> EmotionRecognizer.builder().provider(ok).provider(bad).build());
        assertEquals(1, closes.get());
    }

    @Test
    void mediaInputGuessesKinds() {
        assertEquals(MediaKind.VIDEO, MediaInput.ofFile(Path.of("a.MP4")).kind());
        assertEquals(MediaKind.IMAGE, MediaInput.ofFile(Path.of("a.jpeg")).kind());
        assertEquals(MediaKind.AUDIO, MediaInput.ofFile(Path.of("a.flac")).kind());
        MediaInput srt = MediaInput.ofFile(Path.of("a.srt"));
        assertEquals(MediaKind.TEXT, srt.kind());
        assertTrue(srt.hasText() && srt.transcriptFile().isPresent());
        assertEquals(MediaKind.UNKNOWN, MediaInput.ofFile(Path.of("noext")).kind());
        assertFalse(MediaInput.ofFile(Path.of("a.wav")).hasText());
        assertThrows(IllegalArgumentException.class, () -> MediaInput.ofAudio(new float[1], 0));
    }
}
