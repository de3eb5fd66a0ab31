package io.github.emotion4j.vision.expression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ExpressionNet#combine}: a head over several networks, with and without mirror averaging. */
class ExpressionEnsembleTest {
    private static EngineRuntime runtime;
    private static ExpressionNet fen;
    private static ExpressionNet mx;

    @BeforeAll
    static void load() throws Exception {
        runtime = EngineRuntime.cpu();
        fen = ExpressionNet.load(runtime, ExpressionNet.MODEL_ID, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
        mx = ExpressionNet.load(runtime, ExpressionNet.MINI_XCEPTION_ID, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static ExpressionHead head(boolean flip) {
        Random r = new Random(11);
        float[][] w = new float[7][14];
        float[] b = new float[7];
        for (int o = 0; o < 7; o++) {
            b[o] = (float) r.nextGaussian() * 0.1f;
            for (int i = 0; i < 14; i++) {
                w[o][i] = (float) r.nextGaussian() * 0.3f;
            }
        }
        DenseHead d = new DenseHead(null, null, List.of(new DenseHead.Layer(w, b, DenseHead.Activation.NONE)));
        return new ExpressionHead(d, LabelSet.FER2013, new ModelInfo("test-ensemble", "1", "", "java", "cpu"),
                List.of(ExpressionNet.MODEL_ID, ExpressionNet.MINI_XCEPTION_ID), flip);
    }

    private static float[] expected(ExpressionHead h, float[] a, float[] b) {
        float[] joint = new float[14];
        System.arraycopy(a, 0, joint, 0, 7);
        System.arraycopy(b, 0, joint, 7, 7);
        return h.probabilities(joint);
    }

    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (a[i] + b[i]) / 2;
        }
        return m;
    }

    @Test
    void theHeadReadsEveryMembersProbabilitiesInOrder() {
        List<BufferedImage> faces = ExpressionNetTest.faces();
        ExpressionHead h = head(false);
        ExpressionNet e = ExpressionNet.combine(List.of(fen, mx), h);
        float[][] got = e.probabilities(faces);
        float[][] a = fen.probabilities(faces);
        float[][] b = mx.probabilities(faces);
        for (int i = 0; i < faces.size(); i++) {
            assertArrayEquals(expected(h, a[i], b[i]), got[i], 1e-6f);
        }
        assertEquals(LabelSet.FER2013.labels(), e.labels().labels());
        assertEquals(List.of("face-expression-net", "mini-xception", "test-ensemble"),
                e.models().stream().map(ModelInfo::id).toList());
        assertEquals("test-ensemble", e.info().id());
    }

    @Test
    void mirrorAveragingAveragesEachMemberOverTheFaceAndItsMirror() {
        List<BufferedImage> faces = ExpressionNetTest.faces().subList(0, 3);
        List<BufferedImage> mirrored = faces.stream().map(FacePreprocessor::mirror).toList();
        ExpressionHead h = head(true);
        float[][] got = ExpressionNet.combine(List.of(fen, mx), h).probabilities(faces);
        float[][] a = fen.probabilities(faces);
        float[][] am = fen.probabilities(mirrored);
        float[][] b = mx.probabilities(faces);
        float[][] bm = mx.probabilities(mirrored);
        for (int i = 0; i < faces.size(); i++) {
            assertArrayEquals(expected(h, mean(a[i], am[i]), mean(b[i], bm[i])), got[i], 1e-6f);
        }
        float[][] plain = ExpressionNet.combine(List.of(fen, mx), head(false)).probabilities(faces);
        assertTrue(Math.abs(plain[0][3] - got[0][3]) > 1e-6, "mirror averaging changes the result");
    }

    @Test
    void membersMustBeTheHeadsEncodersInOrder() {
        IllegalArgumentException wrongOrder = assertThrows(IllegalArgumentException.class,
                () -> ExpressionNet.combine(List.of(mx, fen), head(false)));
        assertTrue(wrongOrder.getMessage().contains("reads [face-expression-net, mini-xception]"), wrongOrder.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpressionNet.combine(List.of(fen), head(false)));
        ExpressionNet e = ExpressionNet.combine(List.of(fen, mx), head(false));
        assertThrows(IllegalArgumentException.class, () -> ExpressionNet.combine(List.of(e, mx), head(false)));
        assertThrows(IllegalStateException.class, () -> e.runTensor(new float[3 * 64 * 64], 1, 64));
        assertThrows(IllegalStateException.class, () -> e.withHead(head(false)));
    }

    @Test
    void mirrorKeepsTheColourModelAndIsItsOwnInverse() {
        for (BufferedImage img : ExpressionNetTest.faces()) {
            BufferedImage m = FacePreprocessor.mirror(img);
            assertEquals(img.getColorModel(), m.getColorModel());
            assertEquals(img.getRGB(0, 5), m.getRGB(img.getWidth() - 1, 5));
            BufferedImage back = FacePreprocessor.mirror(m);
            for (int y = 0; y < img.getHeight(); y += 7) {
                for (int x = 0; x < img.getWidth(); x += 5) {
                    assertEquals(img.getRGB(x, y), back.getRGB(x, y));
                }
            }
        }
    }
}
