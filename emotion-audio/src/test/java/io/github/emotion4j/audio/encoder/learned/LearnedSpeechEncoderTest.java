package io.github.emotion4j.audio.encoder.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.audio.encoder.Wav2Vec2Encoder;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LearnedSpeechEncoderTest {
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

    private static AudioClip speechLike() {
        return new AudioClip(TestAudio.voiced(2.0, 140, 16_000, 0.3, 3), 16_000);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theBundledCardLoadsThroughTheWav2Vec2AdapterOnBothEngines(EngineKind engine) throws Exception {
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.of(engine));
        assertEquals(LearnedSpeechEncoder.ID, enc.info().id());
        assertEquals(Wav2Vec2Encoder.Contract.HF_HIDDEN_STATES, enc.encoder().contract());
        assertTrue(enc.encoder().hasHead());
        ModelBundle bundle = ModelLocator.fromClasspath(LearnedSpeechEncoder.ID);
        String file = engine == EngineKind.ONNX_RUNTIME ? "model.onnx" : "model.pt";
        assertEquals(bundle.sha256(file), enc.info().sha256());
        LearnedSpeechEncoder.Result r = enc.analyse(speechLike());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        EmotionDistribution d = r.distribution().orElseThrow();
        Set<Emotion> labels = Set.copyOf(d.labels());
        assertEquals(Set.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL, Emotion.SADNESS), labels);
        double sum = 0;
        for (double p : d.probabilities()) {
            assertTrue(p >= 0 && p <= 1, String.valueOf(p));
            sum += p;
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(64, r.output().orElseThrow().embedding().length);
    }

    @Test
    void bothEnginesAgreeOnTheBundledModel() throws Exception {
        double[] onnx = LearnedSpeechEncoder.load(runtime, Optional.of(EngineKind.ONNX_RUNTIME)).analyse(speechLike())
                .distribution().orElseThrow().probabilities();
        double[] torch = LearnedSpeechEncoder.load(runtime, Optional.of(EngineKind.PYTORCH)).analyse(speechLike())
                .distribution().orElseThrow().probabilities();
        assertArrayEquals(onnx, torch, 1e-4);
    }

    @Test
    void tooShortAudioGivesAWarningAndNoDistribution() throws Exception {
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.empty());
        for (int n : new int[] {0, 1, 399, 3_999}) {
            LearnedSpeechEncoder.Result r = enc.analyse(new AudioClip(TestAudio.voiced(n / 16_000.0, 140, 16_000, 0.3, 1),
                    16_000));
            assertFalse(r.distribution().isPresent(), "n=" + n);
            assertFalse(r.output().isPresent());
            assertTrue(r.warnings().get(0).contains("too short"), r.warnings().toString());
        }
        // 0.25 s is enough
        assertTrue(enc.analyse(new AudioClip(TestAudio.voiced(0.25, 140, 16_000, 0.3, 1), 16_000)).distribution().isPresent());
    }

    @Test
    void silenceGivesAWarningAndNoDistribution() throws Exception {
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.empty());
        LearnedSpeechEncoder.Result zero = enc.analyse(new AudioClip(new float[32_000], 16_000));
        assertFalse(zero.distribution().isPresent());
        assertTrue(zero.warnings().get(0).contains("silence"), zero.warnings().toString());
        // -100 dBFS hiss: standardising it would turn it into a confident answer
        LearnedSpeechEncoder.Result hiss = enc.analyse(new AudioClip(TestAudio.noise(2, 16_000, 1e-5, 4), 16_000));
        assertFalse(hiss.distribution().isPresent());
    }

    @Test
    void nonFiniteSamplesAreReplacedAndReported() throws Exception {
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.empty());
        float[] x = speechLike().samples();
        float[] clean = x.clone();
        x[100] = Float.NaN;
        x[2000] = Float.POSITIVE_INFINITY;
        x[3000] = Float.NEGATIVE_INFINITY;
        LearnedSpeechEncoder.Result r = enc.analyse(new AudioClip(x, 16_000));
        assertEquals(List.of("3 NaN or infinite samples were replaced by silence"), r.warnings());
        clean[100] = 0;
        clean[2000] = 0;
        clean[3000] = 0;
        assertArrayEquals(enc.analyse(new AudioClip(clean, 16_000)).distribution().orElseThrow().probabilities(),
                r.distribution().orElseThrow().probabilities(), 1e-9);
        float[] allNan = new float[16_000];
        java.util.Arrays.fill(allNan, Float.NaN);
        LearnedSpeechEncoder.Result gone = enc.analyse(new AudioClip(allNan, 16_000));
        assertFalse(gone.distribution().isPresent());
        assertEquals(2, gone.warnings().size(), gone.warnings().toString());
    }

    @Test
    void otherSampleRatesAreResampled() throws Exception {
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.empty());
        double[] at16 = enc.analyse(new AudioClip(TestAudio.voiced(2.0, 140, 16_000, 0.3, 3), 16_000)).distribution()
                .orElseThrow().probabilities();
        double[] at48 = enc.analyse(new AudioClip(TestAudio.voiced(2.0, 140, 48_000, 0.3, 3), 48_000)).distribution()
                .orElseThrow().probabilities();
        // not the same samples (the generator's noise depends on the rate), but the same kind of sound
        for (int i = 0; i < at16.length; i++) {
            assertEquals(at16[i], at48[i], 0.25, "class " + i);
        }
    }

    @Test
    void aDamagedModelFileIsRefusedAtLoad() throws Exception {
        ModelBundle bundle = ModelLocator.fromClasspath(LearnedSpeechEncoder.ID);
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (String f : List.of("model.properties", "model.onnx", "model.pt", "attention.bin", "head.bin", "golden.txt")) {
            Files.copy(bundle.directory().resolve(f), copy.resolve(f));
        }
        byte[] onnx = Files.readAllBytes(copy.resolve("model.onnx"));
        onnx[onnx.length / 2] ^= 0x5a;
        Files.write(copy.resolve("model.onnx"), onnx);
        assertThrows(ModelLoadException.class, () -> LearnedSpeechEncoder.load(ModelLocator.fromDirectory(copy), runtime,
                Optional.of(EngineKind.ONNX_RUNTIME)));
        // a card without a head is not a learned speech encoder
        Path headless = dir.resolve("headless");
        Files.createDirectories(headless);
        for (String f : List.of("model.onnx", "model.pt", "attention.bin", "head.bin", "golden.txt")) {
            Files.copy(bundle.file(f), headless.resolve(f));
        }
        String card = Files.readString(bundle.directory().resolve("model.properties"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("head.")).collect(Collectors.joining("\n"));
        Files.writeString(headless.resolve("model.properties"), card, StandardCharsets.UTF_8);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LearnedSpeechEncoder.load(
                ModelLocator.fromDirectory(headless), runtime, Optional.of(EngineKind.ONNX_RUNTIME)));
        assertTrue(e.getMessage().contains("head"), e.getMessage());
    }
}
