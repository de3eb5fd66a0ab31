package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.FakeModalities;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The analyser over scripted modalities: text by keyword, audio with fixed segments, a fake context model. */
class ConversationAnalyzerTest {
    /** Text: the first emotion word in the text, peaked at 0.8, with a 2-d embedding (length, word count). */
    private static final FakeModalities.Scripted TEXT = new FakeModalities.Scripted(Modality.TEXT, (m, in, ctx) -> {
        String t = in.text().orElse("").toLowerCase(Locale.ROOT);
        ModalityResult.Builder b = ModalityResult.builder(Modality.TEXT);
        if (t.isBlank()) {
            return b.warning("empty text: nothing to judge").build();
        }
        Emotion e = t.contains("angry") ? Emotion.ANGER : t.contains("happy") ? Emotion.HAPPINESS
                : t.contains("sad") ? Emotion.SADNESS : Emotion.NEUTRAL;
        return b.distribution(FakeModalities.peaked(e, 0.8))
                .embedding(new Embedding(Modality.TEXT, new float[] {t.length(), t.split(" ").length}, Optional.empty(), "fake"))
                .build();
    });

    /** Audio: happiness from 0 to 2 s, anger from 2 to 4 s. */
    private static final FakeModalities.Scripted AUDIO = new FakeModalities.Scripted(Modality.AUDIO, (m, in, ctx) ->
            ModalityResult.builder(Modality.AUDIO).distribution(FakeModalities.peaked(Emotion.NEUTRAL, 0.5))
                    .segment(Segment.of(Modality.AUDIO, new TimeSpan(0, 2), FakeModalities.peaked(Emotion.HAPPINESS, 0.9), "speech 1"))
                    .segment(Segment.of(Modality.AUDIO, new TimeSpan(2, 4), FakeModalities.peaked(Emotion.ANGER, 0.9), "speech 2"))
                    .build());

    private static EmotionRecognizer recognizer(FakeModalities.Scripted... providers) throws Exception {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder();
        for (FakeModalities.Scripted p : providers) {
            b.provider(p);
        }
        return b.build();
    }

    private static final Conversation TALK = Conversation.builder("talk")
            .say("Ann", "I am happy", Emotion.HAPPINESS)
            .say("Bob", "I am angry now", Emotion.ANGER)
            .say("Ann", "now I am sad", Emotion.SADNESS)
            .say("Bob", "", Emotion.NEUTRAL)
            .build();

    @Test
    void withoutContextModelWithContextEqualsWithoutAndSaysSo() throws Exception {
        try (EmotionRecognizer r = recognizer(TEXT)) {
            ConversationResult res = ConversationAnalyzer.builder(r).build().analyze(TALK);
            assertEquals(4, res.utterances().size());
            assertTrue(res.warnings().contains(ConversationAnalyzer.NO_CONTEXT), res.warnings().toString());
            assertTrue(res.contextModel().isEmpty());
            for (UtteranceResult u : res.utterances()) {
                assertEquals(u.withoutContext(), u.withContext());
            }
            assertEquals(List.of(Emotion.HAPPINESS, Emotion.ANGER, Emotion.SADNESS), res.utterances().subList(0, 3).stream()
                    .map(u -> u.predicted().orElseThrow()).toList());
            UtteranceResult empty = res.utterances().get(3);
            assertTrue(empty.withoutContext().isEmpty());
            assertTrue(empty.warnings().contains("empty text: nothing to judge"), empty.warnings().toString());
            assertEquals(List.of("Ann", "Bob"), res.speakers());
            assertEquals(2, res.timeline("Ann").size());
            // predicted: Ann hap > sad (1 pair, 0 kept); gold adds Bob ang > neu
            assertEquals(1, res.stats().inertiaOf("Ann").orElseThrow().n());
            assertTrue(res.stats().inertiaOf("Bob").isEmpty(), "Bob's last turn has no prediction");
            assertEquals(1, res.goldStats().orElseThrow().inertiaOf("Bob").orElseThrow().n());
            assertEquals(3, res.goldStats().orElseThrow().overallContagion().n());
        }
    }

    @Test
    void contextModelSeesEmbeddingsSpeakersAndNoContextRows() throws Exception {
        AtomicReference<int[]> seenSpeakers = new AtomicReference<>();
        AtomicReference<float[][]> seenEmbeddings = new AtomicReference<>();
        ConversationContext shiftToPrevious = new ConversationContext() {
            @Override
            public String name() {
                return "copy-previous";
            }

            @Override
            public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                seenSpeakers.set(speakerIds.clone());
                seenEmbeddings.set(embeddings);
                float[][] out = new float[withoutContext.length][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = withoutContext[Math.max(0, i - 1)].clone();
                }
                return out;
            }
        };
        try (EmotionRecognizer r = recognizer(TEXT)) {
            ConversationResult res = ConversationAnalyzer.builder(r).context(shiftToPrevious).build().analyze(TALK);
            assertEquals(Optional.of("copy-previous"), res.contextModel());
            assertTrue(Arrays.equals(new int[] {0, 1, 0, 1}, seenSpeakers.get()));
            assertEquals(10f, seenEmbeddings.get()[0][0]);
            assertTrue(Arrays.equals(new float[2], seenEmbeddings.get()[3]), "a turn without text has a zero embedding");
            assertEquals(List.of(Emotion.HAPPINESS, Emotion.HAPPINESS, Emotion.ANGER), res.utterances().subList(0, 3).stream()
                    .map(u -> u.predicted().orElseThrow()).toList());
            assertEquals(Emotion.SADNESS, res.utterances().get(2).predictedWithoutContext().orElseThrow());
            assertTrue(res.utterances().get(3).withContext().isEmpty(), "nothing to judge stays empty in context");
            assertTrue(res.warnings().stream().noneMatch(w -> w.equals(ConversationAnalyzer.NO_CONTEXT)));
        }
    }

    @Test
    void unusableContextOutputIsAnInferenceException() throws Exception {
        ConversationContext nan = new ConversationContext() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                float[][] out = new float[withoutContext.length][7];
                out[1][0] = Float.NaN;
                return out;
            }
        };
        ConversationContext shortRows = new ConversationContext() {
            @Override
            public String name() {
                return "short";
            }

            @Override
            public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                return new float[1][7];
            }
        };
        try (EmotionRecognizer r = recognizer(TEXT)) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> ConversationAnalyzer.builder(r).context(nan).build().analyze(TALK));
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            e = assertThrows(InferenceException.class,
                    () -> ConversationAnalyzer.builder(r).context(shortRows).build().analyze(TALK));
            assertTrue(e.getMessage().contains("1 rows for 4 turns"), e.getMessage());
        }
    }

    @Test
    void mediaSegmentsJoinTheUtterancesTheyOverlap() throws Exception {
        Conversation timed = Conversation.builder("call")
                .say("Ann", "I am happy", 0.0, 1.5)
                .say("Bob", "well", 1.5, 3.5)   // 0.5 s of happiness, 1.5 s of anger
                .say("Ann", "later", 5.0, 6.0)  // no audio there
                .say("Bob", "untimed")
                .build();
        try (EmotionRecognizer r = recognizer(TEXT, AUDIO)) {
            ConversationResult res = ConversationAnalyzer.builder(r).build()
                    .analyze(MediaInput.ofConversation(timed).withMedia(Path.of("call.wav")));
            UtteranceResult first = res.utterances().get(0);
            assertEquals(Emotion.HAPPINESS, first.modalities().get(Modality.AUDIO).top().label());
            assertEquals(java.util.Set.of(Modality.TEXT, Modality.AUDIO), first.modalities().keySet());
            EmotionDistribution bob = res.utterances().get(1).modalities().get(Modality.AUDIO);
            EmotionDistribution hap = FakeModalities.peaked(Emotion.HAPPINESS, 0.9);
            EmotionDistribution ang = FakeModalities.peaked(Emotion.ANGER, 0.9);
            assertEquals(0.25 * hap.probability(Emotion.ANGER) + 0.75 * ang.probability(Emotion.ANGER),
                    bob.probability(Emotion.ANGER), 1e-9);
            assertTrue(res.utterances().get(2).modalities().keySet().equals(java.util.Set.of(Modality.TEXT)));
            assertTrue(res.utterances().get(3).modalities().keySet().equals(java.util.Set.of(Modality.TEXT)));
            // two modalities are fused, one is passed through
            assertTrue(first.withoutContext().orElseThrow().probability(Emotion.HAPPINESS) > 0.8);
            assertEquals(res.utterances().get(2).modalities().get(Modality.TEXT), res.utterances().get(2).withoutContext().orElseThrow());
        }
    }

    @Test
    void mediaWithoutTimedUtterancesJoinsNothingWithAWarning() throws Exception {
        try (EmotionRecognizer r = recognizer(TEXT, AUDIO)) {
            ConversationResult res = ConversationAnalyzer.builder(r).build()
                    .analyze(MediaInput.ofConversation(TALK).withMedia(Path.of("call.wav")));
            assertTrue(res.warnings().stream().anyMatch(w -> w.contains("no utterance has a time span")), res.warnings().toString());
        }
    }

    @Test
    void emptyAndSingleTurnConversations() throws Exception {
        try (EmotionRecognizer r = recognizer(TEXT)) {
            ConversationAnalyzer a = ConversationAnalyzer.builder(r).build();
            ConversationResult empty = a.analyze(Conversation.builder("none").build());
            assertTrue(empty.utterances().isEmpty());
            assertTrue(empty.warnings().contains("empty conversation: nothing to judge"));
            ConversationResult one = a.analyze(Conversation.builder("one").say(null, "so happy").build());
            assertEquals(Conversation.UNKNOWN_SPEAKER, one.utterances().get(0).speaker());
            assertEquals(Emotion.HAPPINESS, one.utterances().get(0).predicted().orElseThrow());
            assertTrue(one.stats().inertia().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> a.analyze(MediaInput.ofText("x")));
            assertThrows(IllegalStateException.class, () -> ConversationAnalyzer.builder(r)
                    .context(FakeContexts.IDENTITY).context(FakeContexts.IDENTITY));
        }
    }

    @Test
    void mediaForATextOnlyRecognizerJoinsNothingWithAWarning() throws Exception {
        Conversation timed = Conversation.builder("call").say("Ann", "so happy", 0.0, 1.0).build();
        try (EmotionRecognizer r = recognizer(TEXT)) {
            ConversationResult res = ConversationAnalyzer.builder(r).build()
                    .analyze(MediaInput.ofConversation(timed).withMedia(Path.of("call.wav")));
            assertTrue(res.warnings().stream().anyMatch(w -> w.contains("reads neither audio nor faces")), res.warnings().toString());
            assertEquals(java.util.Set.of(Modality.TEXT), res.utterances().get(0).modalities().keySet());
        }
    }

    @Test
    void theHighestRankedRegisteredContextModelIsFound() throws Exception {
        assertEquals("fake-context-other-encoder", ConversationAnalyzer.classpathContext().orElseThrow().name());
    }

    /**
     * For a recognizer, only providers that read its encoder's embeddings (or say nothing) count: the
     * rank-9 one for another encoder and the bundled ones (MiniLM, MiniLM-MELD) are passed over.
     */
    @Test
    void theContextModelForARecognizerReadsItsEncoder() throws Exception {
        try (EmotionRecognizer r = recognizer(TEXT)) {
            assertEquals("fake-context-high", ConversationAnalyzer.classpathContext(r).orElseThrow().name());
        }
    }

    /** A registered provider, rank 9, for the embeddings of an encoder no test recognizer has. */
    public static final class OtherEncoderProvider implements io.github.emotion4j.core.conversation.ConversationContextProvider {
        @Override
        public String name() {
            return "fake-context-other-encoder";
        }

        @Override
        public int rank() {
            return 9;
        }

        @Override
        public java.util.Optional<String> encoderId() {
            return java.util.Optional.of("some-other-encoder");
        }

        @Override
        public ConversationContext create() {
            return new ConversationContext() {
                @Override
                public String name() {
                    return "fake-context-other-encoder";
                }

                @Override
                public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                    return withoutContext;
                }
            };
        }
    }

    @Test
    void recognizerWithoutTextJudgesFromMediaOnly() throws Exception {
        Conversation timed = Conversation.builder("call").say("Ann", "hi", 0.0, 1.0).build();
        try (EmotionRecognizer r = recognizer(AUDIO)) {
            ConversationResult res = ConversationAnalyzer.builder(r).build()
                    .analyze(MediaInput.ofConversation(timed).withMedia(Path.of("call.wav")));
            assertTrue(res.warnings().stream().anyMatch(w -> w.contains("reads no text")), res.warnings().toString());
            assertEquals(Emotion.HAPPINESS, res.utterances().get(0).predicted().orElseThrow());
        }
    }

    @Test
    void tenThousandTurnsAtTheLimit() throws Exception {
        Conversation.Builder b = Conversation.builder("long");
        for (int i = 0; i < Conversation.MAX_TURNS; i++) {
            b.say("S" + (i % 3), i % 2 == 0 ? "happy" : "sad");
        }
        Conversation c = b.build();
        try (EmotionRecognizer r = recognizer(TEXT)) {
            ConversationResult res = ConversationAnalyzer.builder(r).context(FakeContexts.IDENTITY).build().analyze(c);
            assertEquals(Conversation.MAX_TURNS, res.utterances().size());
            // speaker i%3 alternates happy/sad every 3 turns, so never keeps the emotion; each next turn flips it
            assertEquals(0, res.stats().overallInertia().same());
            assertEquals(Conversation.MAX_TURNS - 3, res.stats().overallInertia().n());
            assertEquals(Conversation.MAX_TURNS - 1, res.stats().overallContagion().n());
        }
        b.say("S0", "one too many");
        assertThrows(IllegalArgumentException.class, b::build);
    }

    /** A registered provider (META-INF/services in the test resources), rank 5. */
    public static final class HighProvider implements io.github.emotion4j.core.conversation.ConversationContextProvider {
        @Override
        public String name() {
            return "fake-context-high";
        }

        @Override
        public int rank() {
            return 5;
        }

        @Override
        public ConversationContext create() {
            return new ConversationContext() {
                @Override
                public String name() {
                    return "fake-context-high";
                }

                @Override
                public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                    return withoutContext;
                }
            };
        }
    }

    /** A registered provider, rank 1: never chosen while the other is there. */
    public static final class LowProvider implements io.github.emotion4j.core.conversation.ConversationContextProvider {
        @Override
        public String name() {
            return "fake-context-low";
        }

        @Override
        public ConversationContext create() {
            throw new AssertionError("the lower-ranked provider must not be loaded");
        }

        @Override
        public int rank() {
            return 1;
        }
    }

    /** Context models for tests. */
    static final class FakeContexts {
        static final ConversationContext IDENTITY = new ConversationContext() {
            @Override
            public String name() {
                return "identity";
            }

            @Override
            public float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext) {
                return withoutContext;
            }
        };

        private FakeContexts() {
        }
    }
}
