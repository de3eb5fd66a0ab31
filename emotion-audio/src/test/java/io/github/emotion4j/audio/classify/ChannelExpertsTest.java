package io.github.emotion4j.audio.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channel experts: the gate's softmax mixes the corpus head and the experts. The test model's
 * gate looks at one feature only (above 0.4: telephone, below -0.4: noisy, in between: clean, each
 * almost surely) and its experts always answer one class, so the answer shows which head was used.
 */
class ChannelExpertsTest {
    private static final int D = ProsodyExtractor.FEATURE_NAMES.size();
    private static final int GATE_FEATURE = ProsodyExtractor.FEATURE_NAMES.indexOf("mfcc1_mean");

    @TempDir
    Path dir;

    private static void write(DenseHead h, Path file) throws Exception {
        try (OutputStream o = Files.newOutputStream(file)) {
            h.write(o);
        }
    }

    private static DenseHead constant(int cls, int classes) {
        float[] bias = new float[classes];
        bias[cls] = 10;
        float[] std = new float[D];
        java.util.Arrays.fill(std, 1);
        return new DenseHead(new float[D], std, List.of(new DenseHead.Layer(new float[classes][D], bias,
                DenseHead.Activation.NONE)));
    }

    private static DenseHead gate(int outputs) {
        float[][] w = new float[outputs][D];
        w[1][GATE_FEATURE] = 50;
        if (outputs > 2) {
            w[2][GATE_FEATURE] = -50;
        }
        float[] bias = new float[outputs];
        bias[0] = 20;
        float[] std = new float[D];
        java.util.Arrays.fill(std, 1);
        return new DenseHead(new float[D], std, List.of(new DenseHead.Layer(w, bias, DenseHead.Activation.NONE)));
    }

    /** The bundled 4-class head with a gate of {@code gateOutputs} outputs and the given experts. */
    private ModelBundle model(String name, String experts, int gateOutputs, boolean noisyFile) throws Exception {
        ModelBundle bundled = ModelLocator.fromClasspath(SpeechEmotionModel.FOUR_CLASS_ID);
        Path out = Files.createDirectories(dir.resolve(name));
        Files.copy(bundled.file("head.bin"), out.resolve("head.bin"));
        write(gate(gateOutputs), out.resolve("head-channel.bin"));
        write(constant(3, 4), out.resolve("head-telephone.bin"));
        ModelCardWriter.Builder card = ModelCardWriter.builder().setId("test-channels").setModality(Modality.AUDIO)
                .addFile("head.bin", ModelFormat.RAW).addFile("head-channel.bin", ModelFormat.RAW)
                .addFile("head-telephone.bin", ModelFormat.RAW)
                .put("labels", "anger,happiness,neutral,sadness").put("activation", "softmax")
                .put("head.layers", bundled.card().property("head.layers").orElseThrow()).put("head.normalize", "true")
                .put("features", "prosody-v1")
                .put("head.channel.experts", experts)
                .put("head.channel.file", "head-channel.bin").put("head.channel.layers", D + "x" + gateOutputs + ":none")
                .put("head.telephone.file", "head-telephone.bin").put("head.telephone.layers", D + "x4:none");
        if (noisyFile) {
            write(constant(1, 4), out.resolve("head-noisy.bin"));
            card.addFile("head-noisy.bin", ModelFormat.RAW).put("head.noisy.file", "head-noisy.bin")
                    .put("head.noisy.layers", D + "x4:none");
        }
        card.build().write(out);
        return ModelLocator.fromDirectory(out);
    }

    private static FeatureVector features(double gateValue) {
        double[] v = new double[D];
        for (int j = 0; j < D; j++) {
            v[j] = 0.1 * (j % 7);
        }
        v[GATE_FEATURE] = gateValue;
        return new FeatureVector(ProsodyExtractor.FEATURE_NAMES, v);
    }

    @Test
    void theGatePicksTheHead() throws Exception {
        SpeechEmotionModel m = SpeechEmotionModel.load(model("both", "telephone,noisy", 3, true));
        assertEquals(List.of("clean", "telephone", "noisy"), m.channels());
        assertEquals("telephone", m.channel(features(2)));
        assertTrue(m.probabilities(features(2))[3] > 0.99, "telephone expert says sadness");
        assertEquals("noisy", m.channel(features(-2)));
        assertTrue(m.probabilities(features(-2))[1] > 0.99, "noisy expert says happiness");
        assertEquals("clean", m.channel(features(0)));
        // clean: exactly the corpus head of the plain bundled model
        SpeechEmotionModel plain = SpeechEmotionModel.load(ModelLocator.fromClasspath(SpeechEmotionModel.FOUR_CLASS_ID));
        assertArrayEquals(plain.probabilities(features(0)), m.probabilities(features(0)), 1e-6);
        // in between, the answer is the gate-weighted mixture: gate logits (20, 25, -25) at 0.5
        double[] g = DenseHead.softmax(new double[] {20, 25, -25});
        double[] p = plain.probabilities(features(0.5));
        double[] q = m.probabilities(features(0.5));
        double[] tel = DenseHead.softmax(new double[] {0, 0, 0, 10});
        double[] noisy = DenseHead.softmax(new double[] {0, 10, 0, 0});
        for (int k = 0; k < 4; k++) {
            assertEquals(g[0] * p[k] + g[1] * tel[k] + g[2] * noisy[k], q[k], 1e-9);
        }
        assertEquals(1, java.util.Arrays.stream(q).sum(), 1e-9);
        assertEquals(List.of("clean"), plain.channels());
        assertEquals("clean", plain.channel(features(2)));
    }

    @Test
    void theAnalyserJudgesByTheGatesHeadAndSaysWhichChannel() throws Exception {
        ModelBundle b = model("analyser", "telephone,noisy", 3, true);
        try (io.github.emotion4j.core.engine.EngineRuntime rt = io.github.emotion4j.core.engine.EngineRuntime.cpu();
             io.github.emotion4j.audio.AudioAnalyzer a = io.github.emotion4j.audio.AudioAnalyzer.create(
                     new io.github.emotion4j.core.spi.AnalyzerContext(rt, java.util.Map.of(Modality.AUDIO, b.directory()),
                             java.util.Map.of("audio.threads", "1")))) {
            io.github.emotion4j.core.ModalityResult r = a.analyze(io.github.emotion4j.core.MediaInput.ofAudio(
                    io.github.emotion4j.audio.TestAudio.voiced(2.0, 150, 16000, 0.3, 1), 16000));
            double mfcc1 = r.details().get("feature.mfcc1_mean");
            assertTrue(Math.abs(mfcc1) > 1, "the test signal's mfcc1_mean " + mfcc1 + " decides the channel");
            int expected = mfcc1 > 0 ? 1 : 2;
            assertEquals(expected, r.details().get(io.github.emotion4j.audio.AudioAnalyzer.DETAIL_CHANNEL), r.details().toString());
            io.github.emotion4j.core.label.Emotion said = r.distribution().orElseThrow().top().label();
            assertEquals(expected == 1 ? io.github.emotion4j.core.label.Emotion.SADNESS
                    : io.github.emotion4j.core.label.Emotion.HAPPINESS, said);
        }
    }

    @Test
    void aModelWithoutExpertsGivesNoChannelDetail() throws Exception {
        try (io.github.emotion4j.core.engine.EngineRuntime rt = io.github.emotion4j.core.engine.EngineRuntime.cpu();
             io.github.emotion4j.audio.AudioAnalyzer a = io.github.emotion4j.audio.AudioAnalyzer.create(
                     new io.github.emotion4j.core.spi.AnalyzerContext(rt, java.util.Map.of(),
                             java.util.Map.of("audio.model", "4class", "audio.threads", "1")))) {
            io.github.emotion4j.core.ModalityResult r = a.analyze(io.github.emotion4j.core.MediaInput.ofAudio(
                    io.github.emotion4j.audio.TestAudio.voiced(2.0, 150, 16000, 0.3, 1), 16000));
            assertTrue(r.hasEvidence());
            assertTrue(!r.details().containsKey(io.github.emotion4j.audio.AudioAnalyzer.DETAIL_CHANNEL), r.details().toString());
        }
    }

    @Test
    void badChannelCardsFailAtLoad() throws Exception {
        ModelLoadException missing = assertThrows(ModelLoadException.class,
                () -> SpeechEmotionModel.load(model("missing", "telephone,noisy", 3, false)));
        assertTrue(missing.getMessage().contains("noisy"), missing.getMessage());
        ModelLoadException size = assertThrows(ModelLoadException.class,
                () -> SpeechEmotionModel.load(model("size", "telephone,noisy", 2, true)));
        assertTrue(size.getMessage().contains("gate"), size.getMessage());
        ModelLoadException name = assertThrows(ModelLoadException.class,
                () -> SpeechEmotionModel.load(model("name", "telephone,clean", 3, true)));
        assertTrue(name.getMessage().contains("clean"), name.getMessage());
    }
}
