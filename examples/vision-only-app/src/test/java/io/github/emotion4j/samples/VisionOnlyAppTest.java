package io.github.emotion4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.testing.RuntimeClasspath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An app that depends on emotion-vision only: it reads a face with ONNX Runtime and carries no libtorch and no TarsosDSP. */
class VisionOnlyAppTest {

    @Test
    void readsAFace() throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().build()) {
            assertEquals(Set.of(Modality.VISION), r.modalities());
            EmotionPrediction p = r.predict(MediaInput.ofFile(TestData.resolve("demo/face.jpg")));
            assertTrue(p.modality(Modality.VISION).orElseThrow().hasEvidence(), p.warnings().toString());
            assertTrue(p.provenance().models().stream().noneMatch(m -> m.engine().contains("PyTorch")), p.provenance().toString());
        }
    }

    @Test
    void runtimeClasspathHasOnlyWhatVisionNeeds() {
        assertEquals(Set.of(EngineKind.ONNX_RUNTIME), EngineRuntime.installed().keySet());
        assertEquals(List.of(), RuntimeClasspath.matching("pytorch"), "no libtorch or DJL PyTorch engine");
        assertEquals(List.of(), RuntimeClasspath.matching("tarsos"), "no TarsosDSP (GPL-3.0)");
        long mb = RuntimeClasspath.bytes() / 1_000_000;
        assertTrue(mb <= 175, "vision-only runtime jars: " + mb + " MB > 175 MB" + RuntimeClasspath.describe());
    }
}
