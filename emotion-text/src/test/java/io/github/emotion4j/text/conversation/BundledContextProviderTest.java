package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled dialogue context model behind {@link ConversationAnalyzer}, on the real MiniLM encoder. */
class BundledContextProviderTest {
    private static EmotionRecognizer recognizer;
    private static DialogueContextModel model;

    @BeforeAll
    static void load() throws Exception {
        recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build();
        model = DialogueContextModel.loadDefault();
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    private static Conversation dialogue() {
        return Conversation.builder("d")
                .say("Ann", "I got the job!")
                .say("Bob", "No way, that is amazing, congratulations!")
                .say("Ann", "I know, I can't believe it.")
                .say("Bob", "We have to celebrate tonight.")
                .build();
    }

    @Test
    void theBundledModelIsTheClasspathContextAndReadsMiniLmEmbeddings() throws Exception {
        // (This module's tests also register fake providers, one ranked above the bundled model.)
        ConversationContext c = java.util.ServiceLoader.load(io.github.emotion4j.core.conversation.ConversationContextProvider.class)
                .stream().map(java.util.ServiceLoader.Provider::get).filter(p -> p instanceof BundledContextProvider)
                .findFirst().orElseThrow().create();
        assertEquals(DialogueContextModel.DEFAULT_ID, c.name());
        assertEquals(Optional.of("text-minilm-l6-v2-q"), c.encoderId());
        assertEquals(model.info(), c.models().get(0));
    }

    @Test
    void analyserRunsItAndItsRowsAreTheModelsCausalOutput() throws Exception {
        ConversationContext c = BundledContextProvider.of(model, true);
        ConversationResult r = ConversationAnalyzer.builder(recognizer).context(c).build().analyze(dialogue());
        assertEquals(Optional.of(DialogueContextModel.DEFAULT_ID), r.contextModel());
        assertFalse(r.warnings().contains(ConversationAnalyzer.NO_CONTEXT), r.warnings().toString());
        assertTrue(r.models().contains(model.info()), r.models().toString());
        boolean changed = false;
        for (UtteranceResult u : r.utterances()) {
            double[] with = u.withContext().orElseThrow().over(Emotion.CANONICAL).probabilities();
            double[] alone = u.withoutContext().orElseThrow().over(Emotion.CANONICAL).probabilities();
            assertEquals(1.0, Arrays.stream(with).sum(), 1e-5);
            changed |= !Arrays.equals(with, alone);
        }
        assertTrue(changed, "the context model changed no turn");
        // (That a causal reading does not look ahead is DialogueContextModelTest's; here the text batch
        // of a longer dialogue gives slightly different int8 embeddings, so whole-analyser outputs differ.)
    }

    @Test
    void aContextModelOfAnotherEncoderIsNotRunOnTheseEmbeddings() throws Exception {
        ConversationContext other = new ConversationContext() {
            @Override
            public String name() {
                return "other";
            }

            @Override
            public float[][] withContext(float[][] e, int[] s, float[][] p) {
                throw new AssertionError("must not run on MiniLM embeddings");
            }

            @Override
            public Optional<String> encoderId() {
                return Optional.of("text-e5-small-v2-q");
            }
        };
        ConversationResult r = ConversationAnalyzer.builder(recognizer).context(other).build().analyze(dialogue());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("reads text-e5-small-v2-q embeddings")), r.warnings().toString());
        for (UtteranceResult u : r.utterances()) {
            assertEquals(u.withoutContext(), u.withContext());
        }
    }
}
