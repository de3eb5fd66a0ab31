package io.github.emotion4j.vision.expression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.vision.TestMedia;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled mini-Xception (human@3.3.6) and its FER2013 fine-tune on both engines. */
class MiniXceptionTest {
    private static EngineRuntime runtime;

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

    @Test
    void labelOrderIsHumansGreyModelOrder() throws Exception {
        for (String id : List.of(ExpressionNet.MINI_XCEPTION_ID, ExpressionNet.MINI_XCEPTION_FER_ID)) {
            ExpressionNet net = load(id, EngineKind.ONNX_RUNTIME);
            // src/gear/emotion.ts of @vladmandic/human@3.3.6, grey model: angry, disgust, fear, happy, sad, surprise, neutral
            assertEquals(List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"), net.labels().labels(), id);
            assertEquals(List.of(Emotion.ANGER, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPINESS, Emotion.SADNESS,
                    Emotion.SURPRISE, Emotion.NEUTRAL), net.labels().emotions(), id);
            assertEquals(LabelSet.FER2013.labels(), net.labels().labels());
            assertEquals(64, net.preprocessor().size());
            assertEquals(id, net.info().id());
        }
    }

    @Test
    void matchesTheOriginalTfjsModelOnTheCommittedFace() throws Exception {
        // @tensorflow/tfjs 4.22.0 running human's emotion.json with human's preprocessing on
        // src-test-data/vision/astronaut-face.jpg (models/tools/mini-xception/parity.py)
        float[] tfjs = {0.000472f, 0.000000f, 0.000647f, 0.996791f, 0.000028f, 0.001098f, 0.000964f};
        for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
            float[] p = load(ExpressionNet.MINI_XCEPTION_ID, k).probabilities(List.of(TestMedia.astronautFace()))[0];
            // JPEG decoders differ a little (ImageIO here, PIL for the reference)
            assertArrayEquals(tfjs, p, 2e-3f, k.toString());
        }
    }

    @Test
    void bothEnginesGiveTheSameOutputOnFixedImages() throws Exception {
        List<BufferedImage> faces = ExpressionNetTest.faces();
        for (String id : List.of(ExpressionNet.MINI_XCEPTION_ID, ExpressionNet.MINI_XCEPTION_FER_ID)) {
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
            assertTrue(worst <= 1e-4, id + ": largest ONNX Runtime / PyTorch difference " + worst);
        }
    }

    @Test
    void greyAndColourCopiesOfAGreyFaceAgree() throws Exception {
        // the model converts to grey itself: a grey image and its RGB copy are the same input
        BufferedImage grey = ExpressionNetTest.faces().get(2);
        BufferedImage rgb = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int v = grey.getRaster().getSample(x, y, 0);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        float[][] p = load(ExpressionNet.MINI_XCEPTION_ID, EngineKind.ONNX_RUNTIME).probabilities(List.of(grey, rgb));
        assertArrayEquals(p[0], p[1], 1e-5f);
    }
}
