package io.github.emotion4j.programs.audio.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.encoder.learned.LearnedSpeechEncoder;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bundled learned encoder's ONNX and TorchScript exports give the probabilities of the network
 * as DJL trained it (its weights file beside export.py, run through {@link LearnedSpeechNet}'s DJL
 * forward pass), within 1e-4, through the library adapter on both engines.
 */
class LearnedEncoderParityTest {
    static final Path WEIGHTS = Path.of("../tools/learned-speech-encoder/emodb-4class-weights.bin");
    private static EngineRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** export.py's fixed_signal: 2 s of a 150 Hz tone with a 3 Hz vibrato under a half-sine envelope, plus 2.5 kHz. */
    static float[] fixedSignal() {
        float[] x = new float[32_000];
        double cum = 0;
        for (int i = 0; i < x.length; i++) {
            double t = i / 16_000.0;
            cum += 150 + 20 * Math.sin(2 * Math.PI * 3 * t);
            double phase = 2 * Math.PI * cum / 16_000.0;
            x[i] = (float) (0.3 * Math.sin(phase) * Math.sin(Math.PI * t / 2.0) + 0.05 * Math.sin(2 * Math.PI * 2500 * t));
        }
        return x;
    }

    static float[] djlProbabilities() throws Exception {
        LearnedSpeechNet net = LearnedSpeechTrainer.Config.standard(4, 1).net();
        Map<String, float[]> params;
        try (InputStream in = Files.newInputStream(WEIGHTS)) {
            params = net.read(in);
        }
        return LearnedSpeechTrainer.predict(net, params, List.of(fixedSignal()))[0];
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void exportsGiveTheDjlProbabilities(EngineKind engine) throws Exception {
        float[] djl = djlProbabilities();
        ModelBundle bundle = ModelLocator.fromClasspath(LearnedSpeechEncoder.ID);
        LabelSet labels = bundle.card().labelSetOrParsed();
        double[] expected = new double[djl.length];
        for (int i = 0; i < djl.length; i++) {
            expected[i] = djl[i];
        }
        double[] want = labels.toDistribution(expected).probabilities();
        LearnedSpeechEncoder enc = LearnedSpeechEncoder.load(runtime, Optional.of(engine));
        double[] got = enc.analyse(new AudioClip(fixedSignal(), 16_000)).distribution().orElseThrow().probabilities();
        assertArrayEquals(want, got, 1e-4, engine.name());
    }

    @Test
    void pythonGoldenMatchesDjl() throws Exception {
        ModelBundle bundle = ModelLocator.fromClasspath(LearnedSpeechEncoder.ID);
        String line = Files.readAllLines(bundle.file("golden.txt")).stream().filter(l -> l.startsWith("probabilities:"))
                .findFirst().orElseThrow();
        String[] parts = line.substring("probabilities:".length()).strip().split("\\s+");
        float[] golden = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            golden[i] = Float.parseFloat(parts[i]);
        }
        float[] djl = djlProbabilities();
        assertEquals(4, djl.length);
        assertArrayEquals(golden, djl, 1e-4f);
        float sum = 0;
        for (float p : djl) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
        assertTrue(djl[0] != djl[1] || djl[1] != djl[2], "a constant output would make the parity check vacuous");
    }

    @Test
    void weightsFileRoundTrips() throws Exception {
        LearnedSpeechNet net = LearnedSpeechTrainer.Config.standard(4, 1).net();
        Map<String, float[]> a = net.init(5);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        net.write(a, bytes);
        Map<String, float[]> b = net.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
        assertEquals(net.parameterCount(), a.values().stream().mapToLong(v -> v.length).sum());
        assertTrue(net.parameterCount() > 50_000 && net.parameterCount() < 300_000);
    }
}
