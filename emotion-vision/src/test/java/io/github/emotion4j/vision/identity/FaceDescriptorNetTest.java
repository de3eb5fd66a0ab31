package io.github.emotion4j.vision.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.FaceApiReference;
import io.github.emotion4j.vision.TestMedia;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The converted FaceRecognitionNet on both engines, against face-api.js, and distances between people. */
class FaceDescriptorNetTest {
    private static EngineRuntime runtime;
    private static FaceDescriptorNet onnx;
    private static FaceDescriptorNet torch;
    private static LandmarkNet landmarks;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(FaceDescriptorNet.onClasspath(), "the descriptor weights are not in the repository: run"
                + " models/tools/face-landmarks-identity/convert.py to write them into models/face-identity");
        runtime = EngineRuntime.cpu();
        onnx = FaceDescriptorNet.load(runtime, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
        torch = FaceDescriptorNet.load(runtime, Optional.empty(), Optional.of(EngineKind.PYTORCH));
        landmarks = LandmarkNet.load(runtime, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static BufferedImage person(String name) throws IOException {
        BufferedImage img = ImageIO.read(TestData.resolve("vision/" + name).toFile());
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    @Test
    void bothEnginesReproduceFaceApiJs() {
        double[] want = FaceApiReference.array("descriptor.raw");
        for (FaceDescriptorNet net : List.of(onnx, torch)) {
            float[] got = net.ofCrops(List.of(TestMedia.astronautFace())).get(0);
            assertEquals(FaceDescriptorNet.DIMENSION, got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i], got[i], 2e-5, net + " value " + i);
            }
        }
        assertEquals("face-descriptor-128", onnx.info().id());
    }

    private float[] describe(BufferedImage img) {
        FaceLandmarks l = landmarks.ofCrops(List.of(img)).get(0);
        return onnx.describe(img, List.of(l)).get(0);
    }

    @Test
    void samePersonIsNearerThanTheThresholdOthersFarther() throws IOException {
        BufferedImage astronaut = TestMedia.astronautFace();
        BufferedImage mirrored = new BufferedImage(astronaut.getWidth(), astronaut.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        mirrored.getGraphics().drawImage(astronaut, astronaut.getWidth(), 0, -astronaut.getWidth(), astronaut.getHeight(), null);
        BufferedImage small = new BufferedImage(80, 80, BufferedImage.TYPE_3BYTE_BGR);
        small.getGraphics().drawImage(TestMedia.astronautPhoto(), -60, -10, 280, 280, null);
        float[] a = describe(astronaut);
        double same = FaceDescriptorNet.distance(a, describe(mirrored));
        double other1 = FaceDescriptorNet.distance(a, describe(person("person-a.jpg")));
        double other2 = FaceDescriptorNet.distance(a, describe(person("person-b.jpg")));
        double others = FaceDescriptorNet.distance(describe(person("person-a.jpg")), describe(person("person-b.jpg")));
        assertTrue(same < FaceIdentities.DEFAULT_THRESHOLD, "mirrored astronaut at " + same);
        assertTrue(other1 > FaceIdentities.DEFAULT_THRESHOLD, "person a at " + other1);
        assertTrue(other2 > FaceIdentities.DEFAULT_THRESHOLD, "person b at " + other2);
        assertTrue(others > FaceIdentities.DEFAULT_THRESHOLD, "a vs b at " + others);
        assertEquals(0.0, FaceDescriptorNet.distance(a, a));
    }
}
