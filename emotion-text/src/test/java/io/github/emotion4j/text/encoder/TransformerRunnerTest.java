package io.github.emotion4j.text.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransformerRunnerTest {
    static EngineRuntime runtime;
    static TransformerRunner minilm;
    static ExecutorService pool;
    static final AtomicInteger handedOver = new AtomicInteger();

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        pool = Executors.newFixedThreadPool(TransformerRunner.MAX_PARALLELISM);
        Executor counting = r -> {
            handedOver.incrementAndGet();
            pool.execute(r);
        };
        minilm = TransformerRunner.open(ModelLocator.fromClasspath("text-minilm-l6-v2-q"), runtime, 32, counting);
    }

    @AfterAll
    static void close() {
        minilm.close();
        runtime.close();
        pool.shutdownNow();
    }

    static double cosine(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void embeddingsAre384DimensionalUnitVectors() {
        float[] v = minilm.run("What a lovely day");
        assertEquals(384, v.length);
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        assertEquals(1.0, n, 1e-4);
        assertEquals("OnnxRuntime", minilm.modelInfo().engine());
        assertEquals("afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1", minilm.modelInfo().sha256());
    }

    @Test
    void batchedEqualsOneByOneDespitePadding() {
        List<String> texts = List.of("short", "a somewhat longer sentence about feelings", "I am furious!", "");
        List<float[]> batched = minilm.run(texts);
        // the int8 model quantises activations dynamically with one scale per batch, so a text's vector
        // depends a little on its batch mates (cosine about 0.985 here); the same batch gives the same vectors
        for (int i = 0; i < texts.size(); i++) {
            double c = cosine(batched.get(i), minilm.withBatchSize(1).run(texts.get(i)));
            assertTrue(c > 0.97, texts.get(i) + " cosine " + c);
        }
        List<float[]> again = minilm.run(texts);
        for (int i = 0; i < texts.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(batched.get(i), again.get(i), texts.get(i));
        }
        assertTrue(cosine(batched.get(0), batched.get(1)) < 0.99);
    }

    @Test
    void matchesLangchain4jsOwnPipeline() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String s : List.of("I am so happy today, this is wonderful!", "The train was late again.",
                "Why would anyone do that?")) {
            double c = cosine(minilm.run(s), reference.embed(s).content().vector());
            assertTrue(c > 0.999, s + " cosine " + c);
        }
    }

    @Test
    void longTextsAreSplitIntoSentenceChunksWithinTheLimit() {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            sentences.add("Sentence number " + i + " tells a calm story about the weather.");
        }
        String text = String.join(" ", sentences);
        List<long[]> chunks = minilm.chunk(text);
        assertTrue(chunks.size() >= 4, "chunks: " + chunks.size());
        for (long[] c : chunks) {
            assertTrue(c.length <= 256, "chunk of " + c.length);
            assertEquals(101, c[0]);
            assertEquals(102, c[c.length - 1]);
        }
        String oneHugeSentence = "word ".repeat(700);
        List<long[]> windows = minilm.chunk(oneHugeSentence);
        assertEquals(3, windows.size());
        assertEquals(702, windows.stream().mapToInt(w -> w.length - 2).sum() + 2);
        float[] v = minilm.run(text);
        assertEquals(384, v.length);
        assertTrue(cosine(v, minilm.run(sentences.get(3))) > 0.5);
    }

    @Test
    void callsRunSideBySideWithTheSameVectorsAsOneAtATime() {
        // the bundled card asks for one engine thread per call, so calls run one per core
        assertEquals(Math.min(8, Runtime.getRuntime().availableProcessors()), minilm.parallelism());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            texts.add("Comment " + i + (i % 3 == 0 ? " is short." : " goes on a little longer, about a day that went wrong " + i));
        }
        texts.add("A long post. ".repeat(120));
        int before = handedOver.get();
        List<float[]> parallel = minilm.withParallelism(4).run(texts);
        assertTrue(handedOver.get() > before, "side-by-side calls go to the given executor");
        List<float[]> serial = minilm.withParallelism(1).run(texts);
        assertEquals(texts.size(), parallel.size());
        for (int i = 0; i < texts.size(); i++) {
            // same batches either way, so the same numbers, not merely close ones
            org.junit.jupiter.api.Assertions.assertArrayEquals(serial.get(i), parallel.get(i), "text " + i);
        }
    }

    @Test
    void manyCallersOnAOneThreadExecutorFinishWithTheSameVectors() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("text " + i + (i % 2 == 0 ? " is glad" : " feels rather let down by the news today"));
        }
        List<float[]> expected = minilm.withParallelism(1).run(texts);
        ExecutorService one = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        TransformerRunner shared = minilm.withParallelism(4).withExecutor(one);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<Future<List<float[]>>> got = new ArrayList<>();
                for (int j = 0; j < 12; j++) {
                    got.add(callers.submit(() -> shared.run(texts)));
                }
                for (Future<List<float[]>> f : got) {
                    List<float[]> v = f.get();
                    for (int i = 0; i < v.size(); i++) {
                        assertArrayEquals(expected.get(i), v.get(i), "text " + i);
                    }
                }
            }, "a hang here means a caller waited for a helper that had not started");
        } finally {
            callers.shutdownNow();
            one.shutdownNow();
        }
    }

    @Test
    void manyCallersAtOnceGetTheirOwnVectors() throws Exception {
        List<List<String>> jobs = new ArrayList<>();
        for (int j = 0; j < 12; j++) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10 + j; i++) {
                texts.add("caller " + j + " text " + i + (i % 2 == 0 ? " is glad" : " feels rather let down by the news today"));
            }
            jobs.add(texts);
        }
        List<List<float[]>> expected = new ArrayList<>();
        for (List<String> texts : jobs) {
            expected.add(minilm.withParallelism(1).run(texts));
        }
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<List<float[]>>> got = new ArrayList<>();
            for (List<String> texts : jobs) {
                got.add(callers.submit(() -> minilm.run(texts)));
            }
            for (int j = 0; j < jobs.size(); j++) {
                List<float[]> vectors = got.get(j).get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (int i = 0; i < vectors.size(); i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(j).get(i), vectors.get(i), "caller " + j + " text " + i);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void batchesAreSortedLongestFirstAndKeepToTheTokenBudget() {
        List<TransformerRunner.Chunk> chunks = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            chunks.add(new TransformerRunner.Chunk(i, new long[3 + random.nextInt(i % 10 == 0 ? 250 : 40)]));
        }
        List<List<TransformerRunner.Chunk>> batches = minilm.withBatchSize(16).batches(chunks);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int previous = Integer.MAX_VALUE;
        for (List<TransformerRunner.Chunk> b : batches) {
            int longest = b.get(0).ids.length;
            assertTrue(b.size() <= 16, "batch of " + b.size());
            assertTrue(b.size() == 1 || b.size() * longest <= TransformerRunner.TOKENS_PER_CALL,
                    b.size() + " chunks of up to " + longest + " tokens");
            for (TransformerRunner.Chunk c : b) {
                assertTrue(c.ids.length <= longest && c.ids.length <= previous);
                previous = c.ids.length;
                assertTrue(seen.add(c.text), "chunk " + c.text + " twice");
            }
        }
        assertEquals(300, seen.size());
    }

    @Test
    void splitterFindsSentences() {
        assertEquals(List.of("Hello there.", "How are you?", "Fine!"), SentenceSplitter.split("Hello there. How are you?  Fine!"));
        assertEquals(List.of(), SentenceSplitter.split("   "));
    }
}
