package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextEncoder;
import io.github.emotion4j.text.TextOptions;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The context models over the MELD-adapted encoders (emotion4j-models-text-encoders and langchain4j's
 * float32 MiniLM and e5-small-v2 at test scope): each provider names the encoder it reads, runs on that
 * encoder's embeddings through the conversation analyser, and without its artifact the error names it.
 */
class MeldAdaptedContextTest {
    static BundledContextProvider.Adapted provider(String encoder) {
        return encoder.equals("minilm-meld") ? new BundledContextProvider.MeldAdapted() : new BundledContextProvider.E5MeldAdapted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm-meld", "e5-meld"})
    void itReadsTheAdaptedEncoderAndRunsOnItsEmbeddings(String encoder) throws Exception {
        TextEncoder enc = encoder.equals("minilm-meld") ? TextEncoder.MINILM_MELD : TextEncoder.E5_MELD;
        BundledContextProvider.Adapted p = provider(encoder);
        assertEquals(enc.encoderId(), p.encoderId().orElseThrow());
        ConversationContext ctx = p.create();
        assertEquals(enc.encoderId(), ctx.encoderId().orElseThrow());
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(new MiniLmTextProvider())
                .option(TextOptions.ENCODER, encoder).build()) {
            Conversation c = Conversation.builder("d").say("Ross", "Oh my God, I can't believe it, this is amazing!")
                    .say("Rachel", "I know! I'm so happy for you!").say("Ross", "Thank you, thank you so much.").build();
            ConversationResult res = ConversationAnalyzer.builder(r).context(ctx).build().analyze(c);
            assertTrue(res.warnings().stream().noneMatch(w -> w.contains("not run")), res.warnings().toString());
            assertEquals(Emotion.HAPPINESS, res.utterances().get(1).predicted().orElseThrow(), res.utterances().get(1).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm-meld", "e5-meld"})
    void withoutItsArtifactTheErrorNamesIt(String encoder) {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new ClassLoader(before) {
            @Override
            public URL getResource(String name) {
                return name.contains(provider(encoder).name()) ? null : super.getResource(name);
            }
        });
        try {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> provider(encoder).create());
            assertTrue(e.getMessage().contains(TextEncoder.MODELS_ARTIFACT), e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
