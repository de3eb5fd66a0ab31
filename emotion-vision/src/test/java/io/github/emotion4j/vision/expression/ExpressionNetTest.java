package io.github.emotion4j.vision.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.vision.TestMedia;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled FaceExpressionNet on both engines, on committed and generated faces. */
class ExpressionNetTest {
    private static EngineRuntime runtime;
    private static ExpressionNet onnx;
    private static ExpressionNet torch;

    @BeforeAll
    static void load() throws Exception {
        runtime = EngineRuntime.cpu();
        onnx = ExpressionNet.load(runtime, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
        torch = ExpressionNet.load(runtime, Optional.empty(), Optional.of(EngineKind.PYTORCH));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    /** The committed face, mirrored, grey, shrunk, shifted, noisy, and a non-face: same inputs for both engines. */
    static List<BufferedImage> faces() {
        BufferedImage face = TestMedia.astronautFace();
        List<BufferedImage> out = new ArrayList<>();
        out.add(face);
        AffineTransform flip = AffineTransform.getScaleInstance(-1, 1);
        flip.translate(-face.getWidth(), 0);
        out.add(new AffineTransformOp(flip, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(face, null));
        BufferedImage grey = new BufferedImage(face.getWidth(), face.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(face, 0, 0, null);
        out.add(grey);
        out.add(face.getSubimage(10, 20, 120, 100));
        BufferedImage small = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
        small.getGraphics().drawImage(face, 0, 0, 48, 48, null);
        out.add(small);
        Random r = new Random(3);
        BufferedImage noisy = new BufferedImage(face.getWidth(), face.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < face.getHeight(); y++) {
            for (int x = 0; x < face.getWidth(); x++) {
                int rgb = face.getRGB(x, y);
                int n = (int) (r.nextGaussian() * 12);
                int c = Math.max(0, Math.min(255, (rgb & 0xff) + n));
                noisy.setRGB(x, y, rgb & 0xffff00 | c);
            }
        }
        out.add(noisy);
        out.add(TestMedia.blank(100, 80));
        return out;
    }

    @Test
    void mirrorAveragingIsTheMeanOverEachFaceAndItsMirrorImage() {
        // 7 faces x 3 = 21: more than one engine call of MAX_BATCH / 2 faces with their mirror images
        List<BufferedImage> faces = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            faces.addAll(faces());
        }
        for (ExpressionNet net : List.of(onnx, torch)) {
            ExpressionNet mirrored = net.withMirrorAverage(true);
            float[][] got = mirrored.probabilities(faces);
            float[][] a = net.probabilities(faces);
            float[][] b = net.probabilities(faces.stream().map(FacePreprocessor::mirror).toList());
            assertEquals(faces.size(), got.length);
            for (int i = 0; i < faces.size(); i++) {
                for (int c = 0; c < a[i].length; c++) {
                    assertEquals((a[i][c] + b[i][c]) / 2, got[i][c], 1e-5, net.info().engine() + " face " + i);
                }
            }
            assertTrue(Math.abs(a[0][1] - got[0][1]) > 1e-5, "mirror averaging changes the result");
        }
    }

    @Test
    void cardDescribesTheFaceApiNetwork() {
        assertEquals("face-expression-net", onnx.info().id());
        assertEquals(LabelSet.FACE_API.labels(), onnx.labels().labels());
        assertEquals(112, onnx.preprocessor().size());
        assertEquals(64, onnx.info().sha256().length());
        assertEquals("OnnxRuntime", onnx.info().engine());
        assertEquals("PyTorch", torch.info().engine());
    }

    @Test
    void probabilitiesAreDistributions() {
        float[][] p = onnx.probabilities(faces());
        assertEquals(7, p.length);
        for (float[] row : p) {
            double s = 0;
            for (float v : row) {
                assertTrue(v >= 0 && v <= 1);
                s += v;
            }
            assertEquals(1.0, s, 1e-4);
        }
        // the NASA portrait smiles
        assertEquals("happiness", onnx.distribution(p[0]).top().label().word());
    }

    @Test
    void bothEnginesAgreeWithin1e4() {
        List<BufferedImage> faces = faces();
        float[][] a = onnx.probabilities(faces);
        float[][] b = torch.probabilities(faces);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        assertTrue(worst <= 1e-4, "largest ONNX Runtime / PyTorch difference " + worst);
        // batch of one equals the same face inside a batch
        float[][] one = torch.probabilities(List.of(faces.get(2)));
        for (int j = 0; j < 7; j++) {
            assertEquals(b[2][j], one[0][j], 1e-5);
        }
    }
}
