package io.github.emotion4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.RuntimeClasspath;
import org.junit.jupiter.api.Test;

/** An app that depends on emotion-text only: it predicts a sentence with ONNX Runtime and carries no libtorch and no TarsosDSP. */
class TextOnlyAppTest {

    @Test
    void predictsASentence() throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().build()) {
            assertEquals(java.util.Set.of(Modality.TEXT), r.modalities());
            EmotionPrediction p = r.predict(MediaInput.ofText("I am so happy, this is wonderful news!"));
            assertEquals(Emotion.HAPPINESS, p.fused().top().label());
            assertTrue(p.provenance().models().stream().allMatch(m -> !m.engine().contains("PyTorch")), p.provenance().toString());
        }
    }

    @Test
    void runtimeClasspathHasOnlyWhatTextNeeds() {
        assertEquals(java.util.Set.of(EngineKind.ONNX_RUNTIME), EngineRuntime.installed().keySet());
        assertEquals(java.util.List.of(), RuntimeClasspath.matching("pytorch"), "no libtorch or DJL PyTorch engine");
        assertEquals(java.util.List.of(), RuntimeClasspath.matching("tarsos"), "no TarsosDSP (GPL-3.0)");
        assertEquals(java.util.List.of(), RuntimeClasspath.matching("bytedeco"), "no JavaCV natives");
        long mb = RuntimeClasspath.bytes() / 1_000_000;
        assertTrue(mb <= 130, "text-only runtime jars: " + mb + " MB > 130 MB" + RuntimeClasspath.describe());
    }
}
