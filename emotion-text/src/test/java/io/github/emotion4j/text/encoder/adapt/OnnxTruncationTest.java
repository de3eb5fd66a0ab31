package io.github.emotion4j.text.encoder.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.text.encoder.TransformerRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxTruncation} on langchain4j's int8 all-MiniLM-L6-v2 (the file the bundled encoder
 * runs): cut after all six layers it computes exactly what the file does; cut after k = 2, 3, 4 it
 * keeps the same inputs, initializers and nodes as onnx's own {@code onnx.utils.Extractor} (lists in
 * {@code src-test-data/onnx-cut}, written by {@code src-test-data/generators/cut_minilm_fixture.py});
 * bad {@code truncate.layers} values and engines that cannot load it are typed errors. The hidden
 * states after k layers are compared with an independent DJL MiniLM in {@code models/programs}
 * ({@code LoraMiniLmTest}).
 */
class OnnxTruncationTest {
    static final List<String> TEXTS = List.of("I am so happy today!", "Why would you do that to me?", "ok",
            "Oh my God, he's lost it. He's totally lost it and nobody knows why.");
    static final String SHA = "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1";
    @TempDir
    static Path dir;
    static byte[] onnx;
    static EngineRuntime runtime;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OnnxTruncationTest.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            onnx = in.readAllBytes();
        }
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    /** A model folder over the int8 file with the given card lines (e.g. {@code truncate.layers=3}). */
    static ModelBundle bundle(String name, String extra, boolean torchFile) throws IOException, ModelLoadException {
        return EncoderFolder.write(dir.resolve(name), name, onnx, "/all-minilm-l6-v2-q-tokenizer.json",
                torchFile ? List.of(new EncoderFolder.Extra("model.pt", "TORCHSCRIPT",
                        "not read: the runner refuses the engine first".getBytes(java.nio.charset.StandardCharsets.UTF_8))) : List.of(),
                "inputs=input_ids:int64:[-1,-1],attention_mask:int64:[-1,-1],token_type_ids:int64:[-1,-1]\n"
                        + "outputs=last_hidden_state:float32:[-1,-1,384]\n" + extra);
    }

    @Test
    void theFileIsTheOneTheFixturesDescribe() throws IOException {
        assertEquals(SHA, Checksums.sha256(new java.io.ByteArrayInputStream(onnx)));
        assertEquals(6, OnnxTruncation.layerCount(onnx));
    }

    @Test
    void cutAfterAllSixLayersTheModelComputesExactlyWhatTheFileDoes() throws Exception {
        List<float[]> plain;
        try (TransformerRunner r = TransformerRunner.open(bundle("plain", "", false), runtime, 8)) {
            plain = r.run(TEXTS);
        }
        try (TransformerRunner r = TransformerRunner.open(bundle("six", "truncate.layers=6\n", false), runtime, 8)) {
            List<float[]> six = r.run(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(plain.get(i), six.get(i), 0f, TEXTS.get(i));
            }
        }
    }

    @Test
    void fewerLayersGiveOtherVectors() throws Exception {
        List<float[]> plain;
        try (TransformerRunner r = TransformerRunner.open(bundle("plain3", "", false), runtime, 8)) {
            plain = r.run(TEXTS);
        }
        try (TransformerRunner r = TransformerRunner.open(bundle("three", "truncate.layers=3\n", false), runtime, 8)) {
            List<float[]> three = r.run(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(384, three.get(i).length);
                double cos = 0;
                for (int k = 0; k < 384; k++) {
                    cos += plain.get(i)[k] * three.get(i)[k];
                }
                assertTrue(cos < 0.999, "layer 3 and layer 6 states differ: cosine " + cos);
            }
        }
    }

    @Test
    void theCutKeepsWhatOnnxsExtractorKeeps() throws IOException {
        for (int k = 2; k <= 4; k++) {
            List<String> expected = new ArrayList<>();
            for (String line : Files.readAllLines(TestData.resolve("onnx-cut/minilm-q-first" + k + ".txt"), StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    assertTrue(!line.contains("sha256") || line.contains(SHA), line);
                } else if (!line.isBlank()) {
                    expected.add(line);
                }
            }
            assertEquals(describe(OnnxTruncation.truncate(onnx, k)), expected, "cut after layer " + k);
        }
    }

    /** The fixture's lines for a model: its inputs, initializers (any type) and node outputs, each sorted. */
    static List<String> describe(byte[] model) throws IOException {
        OnnxWeights w = OnnxWeights.parse(model, name -> false);
        TreeSet<String> initializers = new TreeSet<>();
        initializers.addAll(w.skipped());
        for (OnnxWeights.Node n : w.nodes()) {
            for (String in : n.inputs()) {
                if (w.shape(in) != null) {
                    initializers.add(in);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String in : graphInputs(model)) {
            out.add("input " + in);
        }
        initializers.forEach(i -> out.add("initializer " + i));
        TreeSet<String> outputs = new TreeSet<>();
        w.nodes().forEach(n -> outputs.addAll(n.outputs()));
        outputs.forEach(o -> out.add("node-output " + o));
        return out;
    }

    /** {@code ModelProto.graph.input} names (fields 7, 11, 1), sorted. */
    static List<String> graphInputs(byte[] model) throws IOException {
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        TreeSet<String> names = new TreeSet<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag >>> 3 != 7) {
                in.skipField(tag);
                continue;
            }
            int graphLimit = in.pushLimit(in.readRawVarint32());
            for (int t; (t = in.readTag()) != 0; ) {
                if (t >>> 3 != 11) {
                    in.skipField(t);
                    continue;
                }
                int limit = in.pushLimit(in.readRawVarint32());
                for (int f; (f = in.readTag()) != 0; ) {
                    if (f >>> 3 == 1) {
                        names.add(in.readStringRequireUtf8());
                    } else {
                        in.skipField(f);
                    }
                }
                in.popLimit(limit);
            }
            in.popLimit(graphLimit);
        }
        return new ArrayList<>(names);
    }

    @Test
    void badLayerCountsAreTypedErrorsNamingTheCardKey() throws Exception {
        for (String bad : List.of("0", "7", "-1", "three", "2.5", "")) {
            ModelBundle b = bundle("bad" + Math.abs(bad.hashCode()), "truncate.layers=" + bad + "\n", false);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> TransformerRunner.open(b, runtime, 8), bad);
            assertTrue(e.getMessage().contains(TransformerRunner.TRUNCATE_KEY), e.getMessage());
        }
        ModelLoadException seven = assertThrows(ModelLoadException.class,
                () -> TransformerRunner.open(bundle("bad7", "truncate.layers=7\n", false), runtime, 8));
        assertTrue(seven.getMessage().contains("6 transformer layers"), seven.getMessage());
    }

    @Test
    void aFileWithoutNamedLayersOrNotOnnxIsRefused() {
        assertThrows(IOException.class, () -> OnnxTruncation.truncate(new byte[0], 1));
        assertThrows(IOException.class, () -> OnnxTruncation.truncate("plain text".getBytes(StandardCharsets.UTF_8), 1));
        assertThrows(IOException.class, () -> OnnxTruncation.truncate(java.util.Arrays.copyOf(onnx, onnx.length / 2), 3));
        assertThrows(IllegalArgumentException.class, () -> OnnxTruncation.truncate(onnx, 0));
    }

    @Test
    void thePyTorchEngineIsRefusedWithAClearMessage() throws Exception {
        ModelBundle b = bundle("torch", "truncate.layers=3\n", true);
        try (EngineRuntime torch = EngineRuntime.create(Optional.empty(), Optional.of(EngineKind.PYTORCH))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> TransformerRunner.open(b, torch, 8));
            assertTrue(e.getMessage().contains("only ONNX Runtime") && e.getMessage().contains(TransformerRunner.TRUNCATE_KEY),
                    e.getMessage());
        }
    }
}
