package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vision.landmarks / vision.align / vision.identity options. */
class FaceAnalysisOptionsTest {
    private static FaceLandmarks eyesAt(double angleDegrees) {
        float[] xy = new float[136];
        double a = Math.toRadians(angleDegrees);
        for (int i = 0; i < 68; i++) {
            double side = i >= 42 && i < 48 ? 1 : i >= 36 && i < 42 ? -1 : 0;
            xy[2 * i] = (float) (50 + 20 * side * Math.cos(a));
            xy[2 * i + 1] = (float) (50 + 20 * side * Math.sin(a) + (side == 0 ? 30 : 0));
        }
        return new FaceLandmarks(xy);
    }

    @Test
    void defaultsAndParsing() {
        FaceAnalysisOptions d = FaceAnalysisOptions.defaults();
        assertTrue(d.landmarks());
        assertEquals(FaceAnalysisOptions.DEFAULT_ALIGN, d.align());
        assertEquals(FaceAnalysisOptions.Identity.AUTO, d.identity());
        assertEquals(0.6, d.threshold());
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            FaceAnalysisOptions o = FaceAnalysisOptions.from(new AnalyzerContext(rt, Map.of(), Map.of("vision.landmarks", "off",
                    "vision.align", "auto", "vision.identity", "track", "vision.identity.threshold", "0.5",
                    "vision.identity.interval", "1")));
            assertFalse(o.landmarks());
            assertEquals(FaceAnalysisOptions.Align.AUTO, o.align());
            assertEquals(FaceAnalysisOptions.Identity.TRACK, o.identity());
            assertEquals(0.5, o.threshold());
            assertEquals(1.0, o.intervalSeconds());
            assertThrows(IllegalArgumentException.class, () -> FaceAnalysisOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.align", "sideways"))));
            assertThrows(IllegalArgumentException.class, () -> FaceAnalysisOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.identity.threshold", "0"))));
        }
        assertTrue(new VisionAnalyzerProvider().options().stream().anyMatch(s -> s.key().equals("vision.identity.interval")));
    }

    @Test
    void videoCadenceOptionsAreDeclaredAndChecked() {
        assertEquals(FaceAnalysisOptions.DEFAULT_LANDMARK_INTERVAL, FaceAnalysisOptions.defaults().landmarkIntervalSeconds());
        assertEquals(VisionOptions.DEFAULT_DECODE_AHEAD, VisionOptions.defaults().decodeAhead());
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            AnalyzerContext ctx = new AnalyzerContext(rt, Map.of(), Map.of("vision.landmarks.interval", "0",
                    "vision.decodeAhead", "0"));
            assertEquals(0.0, FaceAnalysisOptions.from(ctx).landmarkIntervalSeconds());
            assertEquals(0, VisionOptions.from(ctx).decodeAhead());
            assertThrows(IllegalArgumentException.class, () -> FaceAnalysisOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.landmarks.interval", "-1"))));
            assertThrows(IllegalArgumentException.class, () -> FaceAnalysisOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.landmarks.interval", "often"))));
            assertThrows(IllegalArgumentException.class, () -> VisionOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.decodeAhead", "-2"))));
            assertThrows(IllegalArgumentException.class, () -> VisionOptions.from(
                    new AnalyzerContext(rt, Map.of(), Map.of("vision.decodeAhead", "65"))));
        }
        assertThrows(IllegalArgumentException.class, () -> FaceAnalysisOptions.defaults().withLandmarkInterval(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> VisionOptions.defaults().withDecodeAhead(VisionOptions.MAX_DECODE_AHEAD + 1));
        var keys = new VisionAnalyzerProvider().options().stream().map(o -> o.key()).toList();
        assertTrue(keys.contains("vision.landmarks.interval") && keys.contains("vision.decodeAhead"), keys.toString());
    }

    @Test
    void autoAlignsOnlyTiltedFaces() {
        assertFalse(FaceAnalysisOptions.Align.AUTO.applies(eyesAt(FaceAnalysisOptions.Align.AUTO_DEGREES - 3)));
        assertTrue(FaceAnalysisOptions.Align.AUTO.applies(eyesAt(FaceAnalysisOptions.Align.AUTO_DEGREES + 3)));
        assertTrue(FaceAnalysisOptions.Align.AUTO.applies(eyesAt(-FaceAnalysisOptions.Align.AUTO_DEGREES - 3)));
        assertTrue(FaceAnalysisOptions.Align.ON.applies(eyesAt(0)));
        assertFalse(FaceAnalysisOptions.Align.OFF.applies(eyesAt(30)));
    }

    /** A class loader that does not see the descriptor net's artifact. */
    private static final class WithoutDescriptor extends ClassLoader {
        WithoutDescriptor(ClassLoader parent) {
            super(parent);
        }

        @Override
        public java.net.URL getResource(String name) {
            return name.contains(io.github.emotion4j.vision.identity.FaceDescriptorNet.MODEL_ID + "/") ? null : super.getResource(name);
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            return name.contains(io.github.emotion4j.vision.identity.FaceDescriptorNet.MODEL_ID + "/") ? null
                    : super.getResourceAsStream(name);
        }
    }

    @Test
    void identityAutoUsesTheDescriptorWhenItsArtifactIsThereAndSaysSoWhenNot() throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            if (io.github.emotion4j.vision.identity.FaceDescriptorNet.onClasspath()) {
                // only after convert.py wrote the weights into models/face-identity
                FaceModels with = VisionAnalyzerProvider.loadFaceModels(new AnalyzerContext(rt, Map.of(), Map.of()));
                assertTrue(with.descriptors().isPresent());
                assertTrue(with.newAssigner().isPresent());
                assertTrue(with.identityWarning().isEmpty());
            }
            Thread t = Thread.currentThread();
            ClassLoader old = t.getContextClassLoader();
            t.setContextClassLoader(new WithoutDescriptor(old));
            try {
                assertFalse(io.github.emotion4j.vision.identity.FaceDescriptorNet.onClasspath());
                FaceModels auto = VisionAnalyzerProvider.loadFaceModels(new AnalyzerContext(rt, Map.of(), Map.of()));
                assertTrue(auto.descriptors().isEmpty());
                assertTrue(auto.newAssigner().isEmpty());
                assertTrue(auto.identityWarning().orElseThrow().contains("emotion4j-models-face-identity"));
                var e = assertThrows(io.github.emotion4j.core.model.ModelLoadException.class, () -> VisionAnalyzerProvider
                        .loadFaceModels(new AnalyzerContext(rt, Map.of(), Map.of("vision.identity", "descriptor"))));
                assertTrue(e.getMessage().contains(io.github.emotion4j.vision.identity.FaceDescriptorNet.ARTIFACT), e.getMessage());
                FaceModels track = VisionAnalyzerProvider.loadFaceModels(
                        new AnalyzerContext(rt, Map.of(), Map.of("vision.identity", "track")));
                assertTrue(track.identityWarning().isEmpty());
            } finally {
                t.setContextClassLoader(old);
            }
        }
    }
}
