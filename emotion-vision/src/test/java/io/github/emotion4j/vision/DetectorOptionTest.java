package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorOptionTest {
    @Test
    void blazeFaceIsTheDefaultAndHaarIsAnOption() throws Exception {
        assertEquals(VisionOptions.Detector.BLAZEFACE, VisionOptions.defaults().detector());
        assertEquals(24, VisionOptions.defaults().minFace());
        assertEquals(48, VisionOptions.defaults().videoMinFace());
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            assertEquals(VisionOptions.defaults().withDetector(VisionOptions.Detector.HAAR).withMinFace(0).withVideoMinFace(96),
                    VisionOptions.from(new AnalyzerContext(rt, Map.of(), Map.of("vision.detector", "Haar",
                            "vision.detector.minFace", "0", "vision.detector.videoMinFace", "96"))));
            for (String d : new String[] {"haar", "blazeface"}) {
                try (VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(rt,
                        Map.of(), Map.of("vision.detector", d)))) {
                    ModalityResult r = a.analyze(MediaInput.ofImage(TestMedia.astronautPhoto()));
                    assertEquals(1.0, r.details().get("faces"), d);
                    long detectors = r.models().stream().filter(m -> m.id().startsWith("face-blazeface-")).count();
                    assertEquals(d.equals("blazeface") ? 2 : 0, detectors, d + ": " + r.models());
                    assertTrue(r.models().stream().anyMatch(m -> m.id().equals("face-expression-net")), d + ": " + r.models());
                }
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.detector", "dlib").build());
        assertTrue(bad.getMessage().contains("vision.detector='dlib'") && bad.getMessage().contains("[blazeface, haar]"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.detector.minFace", "4").build());
    }
}
