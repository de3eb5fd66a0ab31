package io.github.emotion4j.audio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.classify.SpeechEmotionModel;
import io.github.emotion4j.audio.encoder.Wav2Vec2Encoder;
import io.github.emotion4j.audio.vad.SileroVad;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.testing.DamagedModels;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged weights with their SHA-256 updated in the card used to load and make every prediction
 * throw; now loading refuses them with a {@link ModelLoadException} naming the file.
 */
class DamagedModelsTest {
    @TempDir
    Path dir;

    @Test
    void speechHeadWithRandomOrNanWeightsFailsAtBuildNamingTheFile() throws Exception {
        ModelBundle bundled = ModelLocator.fromClasspath(SpeechEmotionModel.DEFAULT_ID);
        for (var damage : java.util.List.<UnaryOperator<byte[]>>of(DamagedModels::random, DamagedModels::nans)) {
            Path folder = DamagedModels.copy(bundled, dir.resolve("head" + System.nanoTime()), "head.bin", damage);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> EmotionRecognizer.builder()
                    .withDefaultModels().modalities(Modality.AUDIO).model(Modality.AUDIO, folder).build().close());
            assertTrue(e.getMessage().contains("head.bin") && e.getMessage().contains(SpeechEmotionModel.DEFAULT_ID),
                    e.getMessage());
            assertTrue(e.file().orElseThrow().endsWith("head.bin"), e.file().toString());
        }
    }

    @Test
    void wav2vec2AdaptersWithNanWeightsFailAtLoadNamingFileAndEngine() throws Exception {
        ModelBundle tiny = ModelLocator.fromDirectory(TestData.resolve("models/tiny-wav2vec2-dim"));
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            for (String file : java.util.List.of("model.onnx", "model.pt")) {
                EngineKind engine = file.endsWith(".pt") ? EngineKind.PYTORCH : EngineKind.ONNX_RUNTIME;
                ModelBundle bad = ModelLocator.fromDirectory(DamagedModels.copy(tiny, dir.resolve(file), file,
                        DamagedModels::nanWeights));
                ModelLoadException e = assertThrows(ModelLoadException.class,
                        () -> Wav2Vec2Encoder.load(bad, runtime, Optional.of(engine)));
                assertTrue(e.getMessage().contains(file) && e.getMessage().contains(engine.displayName()), e.getMessage());
                assertTrue(e.getMessage().contains("load-time check"), e.getMessage());
            }
        }
    }

    /**
     * NaN weights in Silero VAD do not reach its outputs (its ReLUs turn NaN into 0), so the
     * load-time check cannot see them; another model's file in its place is refused by the
     * signature check instead.
     */
    @Test
    void anotherModelsFileAsSileroVadIsRefusedAtLoad() throws Exception {
        ModelBundle bundled = ModelLocator.fromClasspath(SileroVad.MODEL_ID);
        byte[] other = java.nio.file.Files.readAllBytes(TestData.resolve("models/tiny-wav2vec2-hf/model.onnx"));
        ModelBundle bad = ModelLocator.fromDirectory(DamagedModels.replace(bundled, dir.resolve("silero"), "model.onnx", other));
        try (EngineRuntime runtime = EngineRuntime.cpu()) {
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> new SileroVad(runtime.session(bad, EngineKind.ONNX_RUNTIME), bad));
            String m = e.getMessage();
            assertTrue(m.contains("model.onnx") && m.contains(SileroVad.MODEL_ID) && m.contains("input_values"), m);
        }
    }
}
