package io.github.emotion4j.text.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLocator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional encoders (langchain4j's jars at test scope) give the vectors langchain4j's own
 * {@code embed()} gives for the same ONNX file (one text at a time: cosine > 0.999; measured
 * 1.000000): bge-small with [CLS] pooling, e5-small with mean pooling of "query: " + text.
 */
class OptionalEncodersTest {
    static final List<String> TEXTS = List.of("I am so happy today, this is wonderful!", "Why would you do that to me?",
            "ok", "The meeting was moved to Thursday at 3 pm.", "I can't stop crying, I miss her so much.",
            "Wow. Just wow. Did not see that coming!!", "ugh this is disgusting 🤢", "Je suis très content.");
    static EngineRuntime runtime;

    @BeforeAll
    static void open() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static void compare(String encoderId, EmbeddingModel peer, String peerPrefix, String expectedPrefix) throws Exception {
        try (TransformerRunner ours = TransformerRunner.open(ModelLocator.fromClasspath(encoderId), runtime, 32)) {
            assertEquals(expectedPrefix, ours.textPrefix());
            List<float[]> batch = ours.run(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] theirs = peer.embed(peerPrefix + TEXTS.get(i)).content().vector();
                double single = cosine(ours.run(TEXTS.get(i)), theirs);
                assertTrue(single > 0.999, encoderId + " alone on '" + TEXTS.get(i) + "': cosine " + single);
                // in a padded batch the int8 model quantises its activations over the whole batch
                // (dynamic per-tensor scales), so padding moves the vectors a little: 0.993-0.998 measured
                double c = cosine(batch.get(i), theirs);
                assertTrue(c > 0.99, encoderId + " in a batch on '" + TEXTS.get(i) + "': cosine " + c);
            }
            // a different pooling or prefix would not pass: the test can fail
            float[] unprefixed = peer.embed(TEXTS.get(0)).content().vector();
            if (!peerPrefix.isEmpty()) {
                assertTrue(cosine(ours.run(TEXTS.get(0)), unprefixed) < 0.99, "the prefix changes the vector");
            }
        }
    }

    @Test
    void bgeSmallMatchesLangchain4jClsPooling() throws Exception {
        compare("text-bge-small-en-v15-q", new BgeSmallEnV15QuantizedEmbeddingModel(), "", "");
    }

    @Test
    void e5SmallMatchesLangchain4jOnQueryPrefixedText() throws Exception {
        compare("text-e5-small-v2-q", new E5SmallV2QuantizedEmbeddingModel(), "query: ", "query:");
    }

    @Test
    void longTextsKeepThePrefixInEveryChunk() throws Exception {
        try (TransformerRunner e5 = TransformerRunner.open(ModelLocator.fromClasspath("text-e5-small-v2-q"), runtime, 32)) {
            String sentence = "This sentence is repeated until the text needs several chunks. ";
            List<long[]> chunks = e5.chunk(sentence.repeat(80));
            assertTrue(chunks.size() > 1);
            long[] prefix = e5.tokenizer().encode("query:");
            for (long[] c : chunks) {
                assertTrue(c.length <= e5.maxLength());
                for (int i = 0; i < prefix.length - 1; i++) {
                    assertEquals(prefix[i], c[i], "chunk starts with [CLS] query :");
                }
            }
        }
    }
}
