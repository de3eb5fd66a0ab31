package io.github.emotion4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.testing.RuntimeClasspath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An app with emotion-audio, emotion-vision, emotion-text and emotion-fusion and no PyTorch
 * engine: it analyses the demo video with trained fusion, and asking for PyTorch says which
 * artifact to add.
 */
class AllModalitiesAppTest {

    @Test
    void analysesTheDemoVideoWithTrainedFusion() throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().fusion(Fusions.named("moe")).build()) {
            assertEquals(Set.of(Modality.AUDIO, Modality.VISION, Modality.TEXT), r.modalities());
            EmotionPrediction p = r.predict(MediaInput.ofFile(TestData.resolve("demo/demo.mp4"))
                    .withTranscript(TestData.resolve("demo/demo.srt")));
            for (Modality m : r.modalities()) {
                assertTrue(p.modality(m).orElseThrow().hasEvidence(), m + ": " + p.warnings());
            }
            assertTrue(p.provenance().models().stream().noneMatch(m -> m.engine().contains("PyTorch")), p.provenance().toString());
        }
    }

    @Test
    void askingForPyTorchNamesTheArtifactToAdd() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> EmotionRecognizer.builder().withDefaultModels().engine(EngineKind.PYTORCH).build().close());
        assertTrue(e.getMessage().contains("io.github.emotion4j:emotion-engine-pytorch"), e.getMessage());
        assertTrue(e.getMessage().contains("pytorch-native-cpu"), e.getMessage());
    }

    @Test
    void runtimeClasspathHasNoLibtorch() {
        assertEquals(Set.of(EngineKind.ONNX_RUNTIME), EngineRuntime.installed().keySet());
        assertEquals(List.of(), RuntimeClasspath.matching("pytorch"), "no libtorch or DJL PyTorch engine");
        long mb = RuntimeClasspath.bytes() / 1_000_000;
        // (the optional models of issue 12/13 live in emotion4j-models-extra and -face-identity, not here)
        assertTrue(mb <= 210, "all-modalities runtime jars: " + mb + " MB > 210 MB" + RuntimeClasspath.describe());
    }
}
