package io.github.emotion4j.vision.expression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.testing.DamagedModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fine-tuned face-expression-nets: face-expression-net-fer (dense3 + fc fine-tuned on FER2013
 * train) and face-expression-net-fer-whole (every layer, on augmented FER2013 train).
 */
class FaceExpressionNetFerTest {
    private static EngineRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static ExpressionNet load(String id, EngineKind engine) throws Exception {
        return ExpressionNet.load(runtime, id, Optional.empty(), Optional.of(engine));
    }

    @ParameterizedTest
    @ValueSource(strings = {ExpressionNet.FACE_EXPRESSION_NET_FER_ID, ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID})
    void sameInputPreprocessingAndLabelOrderAsFaceExpressionNet(String id) throws Exception {
        ExpressionNet fer = load(id, EngineKind.ONNX_RUNTIME);
        ExpressionNet base = load(ExpressionNet.MODEL_ID, EngineKind.ONNX_RUNTIME);
        assertEquals(List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"), fer.labels().labels());
        assertEquals(base.labels().emotions(), fer.labels().emotions());
        assertEquals(112, fer.preprocessor().size());
        BufferedImage face = ExpressionNetTest.faces().get(0);
        assertArrayEquals(base.preprocessor().apply(face), fer.preprocessor().apply(face));
        assertEquals(id, fer.info().id());
        assertTrue(fer.mirrorAverage(), id + " is chosen and measured mirror-averaged");
    }

    @ParameterizedTest
    @ValueSource(strings = {ExpressionNet.FACE_EXPRESSION_NET_FER_ID, ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID})
    void weightsDifferFromThePublishedOnes(String id) throws Exception {
        // the export really carries the fine-tuned weights: outputs move on the same faces
        List<BufferedImage> faces = ExpressionNetTest.faces();
        float[][] a = load(id, EngineKind.ONNX_RUNTIME).withMirrorAverage(false).probabilities(faces);
        float[][] b = load(ExpressionNet.MODEL_ID, EngineKind.ONNX_RUNTIME).probabilities(faces);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < 7; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        assertTrue(worst > 1e-3, "fine-tune gives the published outputs (largest difference " + worst + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {ExpressionNet.FACE_EXPRESSION_NET_FER_ID, ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID})
    void bothEnginesGiveTheSameOutputOnFixedImages(String id) throws Exception {
        List<BufferedImage> faces = ExpressionNetTest.faces();
        float[][] a = load(id, EngineKind.ONNX_RUNTIME).probabilities(faces);
        float[][] b = load(id, EngineKind.PYTORCH).probabilities(faces);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double sum = 0;
            for (int j = 0; j < 7; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
                sum += a[i][j];
            }
            assertEquals(1.0, sum, 1e-4);
        }
        assertTrue(worst <= 1e-4, "largest ONNX Runtime / PyTorch difference " + worst);
    }

    @Test
    void theOptionValueSelectsIt() {
        assertEquals(ExpressionModel.FACE_EXPRESSION_NET_FER, ExpressionModel.OPTION.parse("face-expression-net-fer"));
        assertEquals("face-expression-net-fer", ExpressionModel.FACE_EXPRESSION_NET_FER.optionValue());
        assertEquals(ExpressionNet.FACE_EXPRESSION_NET_FER_ID, ExpressionModel.FACE_EXPRESSION_NET_FER.id());
        assertEquals(ExpressionModel.FACE_EXPRESSION_NET_FER_WHOLE, ExpressionModel.OPTION.parse("face-expression-net-fer-whole"));
        assertEquals(ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID, ExpressionModel.FACE_EXPRESSION_NET_FER_WHOLE.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {ExpressionNet.FACE_EXPRESSION_NET_FER_ID, ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID})
    void damagedWeightsAreATypedErrorNamingTheFile(String id) throws Exception {
        ModelBundle bundle = ModelLocator.fromClasspath(id);
        Path nan = DamagedModels.copy(bundle, dir.resolve("nan"), "model.onnx", b -> DamagedModels.nanMiddle(b, 64 * 1024));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> vision(nan).build().close());
        assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains(id),
                e.getMessage());
        Path cut = DamagedModels.copy(bundle, dir.resolve("cut"), "model.pt", b -> Arrays.copyOf(b, b.length / 3));
        ModelLoadException t = assertThrows(ModelLoadException.class,
                () -> vision(cut).engine(EngineKind.PYTORCH).build().close());
        assertTrue(t.getMessage().contains("model.pt"), t.getMessage());
    }

    @Test
    void mirrorAverageKeyAveragesEachFaceWithItsMirrorImage() throws Exception {
        ModelBundle bundle = ModelLocator.fromClasspath(ExpressionNet.MODEL_ID);
        // an unchanged copy of face-expression-net whose card asks for mirror averaging
        Path folder = DamagedModels.copy(bundle, dir.resolve("mirror"), "model.onnx", b -> b);
        java.nio.file.Files.writeString(folder.resolve("model.properties"), "\n" + ExpressionNet.MIRROR_AVERAGE_KEY + "=true\n",
                java.nio.file.StandardOpenOption.APPEND);
        ExpressionNet plain = load(ExpressionNet.MODEL_ID, EngineKind.ONNX_RUNTIME);
        ExpressionNet tta = ExpressionNet.load(runtime, Optional.of(folder), Optional.of(EngineKind.ONNX_RUNTIME));
        assertTrue(tta.mirrorAverage());
        assertTrue(!plain.mirrorAverage());
        List<BufferedImage> faces = ExpressionNetTest.faces();
        float[][] p = plain.probabilities(faces);
        float[][] m = plain.probabilities(faces.stream().map(FacePreprocessor::mirror).toList());
        float[][] t = tta.probabilities(faces);
        double moved = 0;
        for (int i = 0; i < faces.size(); i++) {
            for (int k = 0; k < 7; k++) {
                assertEquals((p[i][k] + m[i][k]) / 2, t[i][k], 1e-6f);
                moved = Math.max(moved, Math.abs(p[i][k] - t[i][k]));
            }
        }
        assertTrue(moved > 1e-4, "the mirror image changed nothing (" + moved + ")");
    }

    @Test
    void theMirrorOptionIsFaceExpressionNetWithMirrorAveraging() throws Exception {
        assertEquals(ExpressionModel.FACE_EXPRESSION_NET_MIRROR, ExpressionModel.OPTION.parse("face-expression-net-mirror"));
        ExpressionNet mirror = ExpressionModel.FACE_EXPRESSION_NET_MIRROR.load(runtime, Optional.of(EngineKind.ONNX_RUNTIME));
        ExpressionNet plain = ExpressionModel.FACE_EXPRESSION_NET.load(runtime, Optional.of(EngineKind.ONNX_RUNTIME));
        assertTrue(mirror.mirrorAverage());
        assertTrue(!plain.mirrorAverage());
        assertEquals(ExpressionNet.MODEL_ID, mirror.info().id());
        List<BufferedImage> faces = ExpressionNetTest.faces();
        float[][] p = plain.probabilities(faces);
        float[][] m = plain.probabilities(faces.stream().map(FacePreprocessor::mirror).toList());
        float[][] t = mirror.probabilities(faces);
        for (int i = 0; i < faces.size(); i++) {
            for (int k = 0; k < 7; k++) {
                assertEquals((p[i][k] + m[i][k]) / 2, t[i][k], 1e-6f);
            }
        }
        assertTrue(!mirror.withMirrorAverage(false).mirrorAverage());
        assertThrows(IllegalStateException.class,
                () -> ExpressionModel.ENSEMBLE.load(runtime, Optional.of(EngineKind.ONNX_RUNTIME)).withMirrorAverage(true));
    }

    private static EmotionRecognizer.Builder vision(Path folder) {
        return EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION).model(Modality.VISION, folder);
    }
}
