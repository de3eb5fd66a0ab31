package io.github.emotion4j.audio.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.training.head.HeadTrainer;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Wav2Vec2EncoderTest {
    private static EngineRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** The generator's golden input: 8000 samples of a 220 Hz sine at half scale. */
    static float[] goldenSine() {
        float[] s = new float[8000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2.0 * Math.PI * 220.0 * i / 16000));
        }
        return s;
    }

    static Map<String, float[]> golden(String model) throws Exception {
        Map<String, float[]> m = new java.util.HashMap<>();
        for (String line : Files.readAllLines(TestData.resolve("models/" + model + "/golden.txt"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] kv = line.split(":", 2);
            String[] parts = kv[1].strip().split("\\s+");
            float[] v = new float[parts.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(parts[i]);
            }
            m.put(kv[0].strip(), v);
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void audeeringContractGivesGoldenOutputsAndDimensions(EngineKind engine) throws Exception {
        Wav2Vec2Encoder enc = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(TestData.resolve("models/tiny-wav2vec2-dim")),
                runtime, Optional.of(engine));
        assertEquals(Wav2Vec2Encoder.Contract.AUDEERING_DIMENSIONS, enc.contract());
        EncoderOutput out = enc.encode(goldenSine());
        Map<String, float[]> g = golden("tiny-wav2vec2-dim");
        assertArrayEquals(g.get("hidden_states"), out.embedding(), 1e-4f);
        float[] l = g.get("logits"); // arousal, dominance, valence
        Dimensions d = out.dimensions().orElseThrow();
        Dimensions expected = Dimensions.fromUnitScale(l[2], l[0], l[1]);
        assertEquals(expected.valence(), d.valence(), 1e-4);
        assertEquals(expected.arousal(), d.arousal(), 1e-4);
        assertEquals(expected.dominance(), d.dominance(), 1e-4);
        assertFalse(out.distribution().isPresent());
        assertEquals(1, out.chunks());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void huggingFaceContractMeanPoolsTheHiddenStates(EngineKind engine) throws Exception {
        Wav2Vec2Encoder enc = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(TestData.resolve("models/tiny-wav2vec2-hf")),
                runtime, Optional.of(engine));
        assertEquals(Wav2Vec2Encoder.Contract.HF_HIDDEN_STATES, enc.contract());
        assertArrayEquals(golden("tiny-wav2vec2-hf").get("mean"), enc.encode(goldenSine()).embedding(), 1e-4f);
    }

    @Test
    void attentivePoolingWithZeroWeightsIsTheMeanAndOtherwiseDiffers() throws Exception {
        float[] mean = golden("tiny-wav2vec2-hf").get("mean");
        Path zero = variant("zero", Map.of("encoder.pooling", "attentive", "encoder.attention.file", "attention.bin"),
                Map.of("attention.bin", floats(new float[33])));
        assertArrayEquals(mean, Wav2Vec2Encoder.load(ModelLocator.fromDirectory(zero), runtime).encode(goldenSine()).embedding(),
                1e-4f);
        float[] w = new float[33];
        w[0] = 5;
        Path focused = variant("focused", Map.of("encoder.pooling", "attentive", "encoder.attention.file", "attention.bin"),
                Map.of("attention.bin", floats(w)));
        float[] att = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(focused), runtime).encode(goldenSine()).embedding();
        // attention favours frames with a large first component
        assertTrue(att[0] > mean[0] + 0.01, att[0] + " vs " + mean[0]);
    }

    @Test
    void longInputIsChunked() throws Exception {
        Path chunked = variant("chunked", Map.of("encoder.chunkSeconds", "1", "encoder.overlapSeconds", "0.25"), Map.of());
        Wav2Vec2Encoder enc = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(chunked), runtime);
        EncoderOutput out = enc.encode(TestAudio.voiced(3.2, 150, 16000, 0.4, 1));
        assertEquals(enc.chunker().windows(51200).size(), out.chunks());
        assertEquals(4, out.chunks());
        // shorter than the minimum: zero-padded, still encoded
        assertEquals(32, enc.encode(new float[10]).embedding().length);
    }

    @Test
    void chunkerWindowsCoverTheInput() {
        Chunker c = Chunker.ofSeconds(10, 1);
        assertEquals(1, c.windows(16000 * 10).size());
        List<Chunker.Window> w = c.windows(16000 * 25);
        assertEquals(3, w.size());
        assertEquals(0, w.get(0).start());
        assertEquals(16000 * 9, w.get(1).start());
        assertEquals(16000 * 25, w.get(2).start() + w.get(2).length());
        // an hour never goes in at once
        assertTrue(c.windows(16000 * 3600).stream().allMatch(x -> x.length() <= 160000));
    }

    @Test
    void aTrainedHeadTurnsEmbeddingsIntoEmotions() throws Exception {
        Wav2Vec2Encoder base = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(TestData.resolve("models/tiny-wav2vec2-hf")),
                runtime);
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            x.add(base.encode(TestAudio.voiced(0.5, 240 + 5 * i, 16000, 0.5, i)).embedding());
            y.add(0);
            x.add(base.encode(TestAudio.noise(0.5, 16000, 0.05, 100 + i)).embedding());
            y.add(1);
        }
        DenseHead head = HeadTrainer.train(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(), 2,
                new HeadTrainer.Config(0, 0, 1e-4, 0.05, 60, 8, 1, 7));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        head.write(bytes);
        Path withHead = variant("head", Map.of("head.layers", head.layerSpec(), "head.normalize", "true",
                "labels", "happiness,sadness", "task", "classification", "activation", "softmax"),
                Map.of("head.bin", bytes.toByteArray()));
        Wav2Vec2Encoder enc = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(withHead), runtime);
        assertTrue(enc.hasHead());
        assertEquals(Emotion.HAPPINESS, enc.encode(TestAudio.voiced(0.5, 250, 16000, 0.5, 99)).distribution().orElseThrow()
                .top().label());
        assertEquals(Emotion.SADNESS, enc.encode(TestAudio.noise(0.5, 16000, 0.05, 999)).distribution().orElseThrow()
                .top().label());
    }

    @Test
    void rejectsModelsWithAnotherContract() {
        assertThrows(ModelLoadException.class,
                () -> Wav2Vec2Encoder.load(ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp")), runtime));
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** A copy of tiny-wav2vec2-hf with extra card keys and files (listed with their SHA-256). */
    private Path variant(String name, Map<String, String> keys, Map<String, byte[]> files) throws Exception {
        Path src = TestData.resolve("models/tiny-wav2vec2-hf");
        Path out = Files.createDirectories(dir.resolve(name));
        for (String f : List.of("model.onnx", "model.pt", "golden.txt")) {
            Files.copy(src.resolve(f), out.resolve(f));
        }
        StringBuilder card = new StringBuilder();
        String fileList = "model.onnx,model.pt,golden.txt";
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            try (OutputStream o = Files.newOutputStream(out.resolve(e.getKey()))) {
                o.write(e.getValue());
            }
            fileList += "," + e.getKey();
            card.append("format.").append(e.getKey()).append("=RAW\n");
            card.append("sha256.").append(e.getKey()).append('=').append(Checksums.sha256(out.resolve(e.getKey()))).append('\n');
        }
        for (String line : Files.readAllLines(src.resolve("model.properties"))) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')) : "";
            if (key.equals("files")) {
                card.append("files=").append(fileList).append('\n');
            } else if (!keys.containsKey(key)) {
                card.append(line).append('\n');
            }
        }
        keys.forEach((k, v) -> card.append(k).append('=').append(v).append('\n'));
        Files.writeString(out.resolve("model.properties"), card.toString(), StandardCharsets.UTF_8);
        return out;
    }
}
