package io.github.emotion4j.programs.vision;

import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.programs.vision.FaceFolderEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accuracy and golden checks on ../shared/data; skipped when it is absent (a fresh clone). */
class SharedDataTest {
    private static EngineRuntime runtime;
    private static VisionAnalyzer analyzer;
    private static Path faces;

    @BeforeAll
    static void open() throws Exception {
        Assumptions.assumeTrue(TestData.sharedData().isPresent(), "../shared/data is absent");
        faces = TestData.sharedData().get().resolve("faces");
        runtime = EngineRuntime.cpu();
        // these figures are face-expression-net's; the default ensemble is checked below
        analyzer = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(),
                Map.of("vision.faces", "largest", "vision.expression", "face-expression-net")));
    }

    @AfterAll
    static void close() {
        if (analyzer != null) {
            analyzer.close();
            runtime.close();
        }
    }

    @Test
    void goldenCropsAreAngryAndSurprisedAbove09() throws Exception {
        ImageDecoder dec = new ImageDecoder();
        check(analyzer.precropped(List.of(dec.read(faces.resolve("golden/angry_cropped.jpg")))).get(0).distribution(), Emotion.ANGER);
        check(analyzer.precropped(List.of(dec.read(faces.resolve("golden/surprised_cropped.jpg")))).get(0).distribution(),
                Emotion.SURPRISE);
    }

    @Test
    void wholePhotosThroughDetectionGiveTheSameAnswers() throws Exception {
        ModalityResult angry = analyzer.analyze(MediaInput.ofFile(faces.resolve("golden/angry.jpg")));
        check(angry.distribution().orElseThrow(), Emotion.ANGER);
        ModalityResult surprised = analyzer.analyze(MediaInput.ofFile(faces.resolve("golden/surprised.jpg")));
        check(surprised.distribution().orElseThrow(), Emotion.SURPRISE);
        assertFalse(analyzer.analyze(MediaInput.ofFile(faces.resolve("golden/white.png"))).hasEvidence());
    }

    private static void check(EmotionDistribution d, Emotion expected) {
        assertEquals(expected, d.top().label(), d.toString());
        assertTrue(d.top().probability() > 0.9, d.toString());
    }

    @Test
    void ck48WithoutContemptReaches88Percent() throws Exception {
        FaceFolderEvaluator.Result r = FaceFolderEvaluator.evaluate(analyzer, faces.resolve("ck48"), false, 0);
        assertEquals(927, r.report().n());
        assertTrue(r.skipped().get(0).startsWith("contempt"));
        assertTrue(r.report().accuracy() >= 0.88, r.toText());
        assertTrue(r.toJson().contains("\"accuracy\""));
    }

    @Test
    void fer2013ValidationReaches55Percent() throws Exception {
        FaceFolderEvaluator.Result r = FaceFolderEvaluator.evaluate(analyzer, faces.resolve("fer2013/validation"), false, 0);
        assertEquals(3589, r.report().n());
        assertTrue(r.report().accuracy() >= 0.55, r.toText());
    }

    /** The expression-ensemble's figures (vision.expression=ensemble; its card: FER2013 validation 0.5999, CK+48 0.6904). */
    @Test
    void theEnsembleKeepsItsMeasuredAccuracy() throws Exception {
        try (VisionAnalyzer ensemble = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime,
                Map.of(), Map.of("vision.faces", "largest", "vision.expression", "ensemble",
                        // the card's figures were measured before alignment existed; with vision.align=auto
                        // FER2013 validation reads 0.5954 (the head was fit on unaligned crops)
                        "vision.align", "off")))) {
            assertEquals("expression-ensemble", ensemble.net().info().id());
            FaceFolderEvaluator.Result fer = FaceFolderEvaluator.evaluate(ensemble, faces.resolve("fer2013/validation"), false, 0);
            assertEquals(0.5999, fer.report().accuracy(), 0.002, fer.toText());
            FaceFolderEvaluator.Result ck = FaceFolderEvaluator.evaluate(ensemble, faces.resolve("ck48"), false, 0);
            assertEquals(0.6904, ck.report().accuracy(), 0.002, ck.toText());
            ImageDecoder dec = new ImageDecoder();
            assertEquals(Emotion.SURPRISE, ensemble.precropped(List.of(dec.read(faces.resolve("golden/surprised_cropped.jpg"))))
                    .get(0).distribution().top().label());
        }
    }

    /**
     * face-expression-net-fer, face-expression-net-fer-whole and face-expression-net-mirror keep their cards'
     * figures (FER2013 validation 0.5865 / 0.6105 / 0.5729, CK+48 0.7961 / 0.7713 / 0.8878; images as crops,
     * vision.align=off as FaceFolderEvaluator's CLI).
     */
    @Test
    void theFineTuneAndTheMirrorOptionKeepTheirMeasuredAccuracy() throws Exception {
        for (String[] c : new String[][] {{"face-expression-net-fer", "0.5865", "0.7961"},
                {"face-expression-net-fer-whole", "0.6105", "0.7713"}, {"face-expression-net-mirror", "0.5729", "0.8878"}}) {
            try (VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime,
                    Map.of(), Map.of("vision.faces", "largest", "vision.expression", c[0], "vision.align", "off")))) {
                assertTrue(a.net().mirrorAverage(), c[0]);
                FaceFolderEvaluator.Result fer = FaceFolderEvaluator.evaluate(a, faces.resolve("fer2013/validation"), false, 0);
                assertEquals(Double.parseDouble(c[1]), fer.report().accuracy(), 0.002, c[0] + "\n" + fer.toText());
                FaceFolderEvaluator.Result ck = FaceFolderEvaluator.evaluate(a, faces.resolve("ck48"), false, 0);
                assertEquals(Double.parseDouble(c[2]), ck.report().accuracy(), 0.002, c[0] + "\n" + ck.toText());
            }
        }
    }
}
