package io.github.emotion4j.vision.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.testing.DamagedModels;
import io.github.emotion4j.vision.FaceApiReference;
import io.github.emotion4j.vision.TestMedia;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed (compact) FaceRecognitionNet on both engines, against face-api.js, distances between
 * people, and typed errors for a missing artifact or damaged files.
 */
class FaceDescriptorNetTest {
    private static EngineRuntime runtime;
    private static FaceDescriptorNet onnx;
    private static FaceDescriptorNet torch;
    private static LandmarkNet landmarks;

    @BeforeAll
    static void load() throws Exception {
        // the weights are not in the repository: models/tools/face-landmarks-identity/convert.py writes them
        org.junit.jupiter.api.Assumptions.assumeTrue(FaceDescriptorNet.onClasspath(),
                "the descriptor weights were not generated (" + FaceDescriptorNet.CONVERTER + ")");
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

    @Test
    void theGeneratedFilesAreTheCompactOnes() throws Exception {
        ModelBundle b = ModelLocator.fromClasspath(FaceDescriptorNet.MODEL_ID);
        for (String f : List.of("model.onnx", "model.pt")) {
            long size = Files.size(b.file(f));
            // convert.py writes the compact files (the float32 ones of --fp32-out are 22 MB each)
            assertTrue(size > 5_000_000 && size <= 6_000_000, f + ": " + size + " bytes");
        }
    }

    @Test
    void bothEnginesAgreeOnRealFaces() throws IOException {
        List<BufferedImage> faces = List.of(TestMedia.astronautFace(), person("person-a.jpg"), person("person-b.jpg"));
        List<float[]> a = onnx.ofCrops(faces);
        List<float[]> b = torch.ofCrops(faces);
        for (int i = 0; i < faces.size(); i++) {
            assertTrue(FaceDescriptorNet.distance(a.get(i), b.get(i)) < 1e-5, "face " + i + ": "
                    + FaceDescriptorNet.distance(a.get(i), b.get(i)));
        }
        // a second call reads the weights decoded by the first (TorchScript keeps them): same answer
        assertEquals(0.0, FaceDescriptorNet.distance(b.get(0), torch.ofCrops(List.of(faces.get(0))).get(0)), 1e-6);
    }

    /** A class loader that does not see the descriptor net's artifact. */
    private static final class WithoutArtifact extends ClassLoader {
        WithoutArtifact(ClassLoader parent) {
            super(parent);
        }

        @Override
        public java.net.URL getResource(String name) {
            return name.contains(FaceDescriptorNet.MODEL_ID + "/") ? null : super.getResource(name);
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            return name.contains(FaceDescriptorNet.MODEL_ID + "/") ? null : super.getResourceAsStream(name);
        }
    }

    private static void namesArtifactAndConverter(ModelLoadException e) {
        assertTrue(e.getMessage().contains(FaceDescriptorNet.ARTIFACT) && e.getMessage().contains(FaceDescriptorNet.CONVERTER),
                e.getMessage());
    }

    @Test
    void aMissingArtifactIsATypedErrorNamingItAndTheConverter() {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(new WithoutArtifact(old));
        try {
            assertFalse(FaceDescriptorNet.onClasspath());
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> FaceDescriptorNet.load(runtime, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME)));
            namesArtifactAndConverter(e);
        } finally {
            t.setContextClassLoader(old);
        }
    }

    @Test
    void damagedFilesAreRefusedWithATypedErrorNamingArtifactAndConverter(@TempDir Path dir) throws Exception {
        ModelBundle bundled = ModelLocator.fromClasspath(FaceDescriptorNet.MODEL_ID);
        // one byte changed, card not updated: the SHA-256 check refuses it
        Path flipped = DamagedModels.copy(bundled, dir.resolve("flipped"), "model.onnx", b -> b);
        byte[] bytes = Files.readAllBytes(flipped.resolve("model.onnx"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(flipped.resolve("model.onnx"), bytes);
        ModelLoadException sha = assertThrows(ModelLoadException.class,
                () -> FaceDescriptorNet.load(runtime, Optional.of(flipped), Optional.of(EngineKind.ONNX_RUNTIME)));
        assertTrue(sha.getMessage().contains("checksum mismatch") && sha.getMessage().contains("model.onnx"), sha.getMessage());
        namesArtifactAndConverter(sha);
        // damaged files whose card was updated to match: refused by the engine, never a crash
        for (EngineKind engine : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
            String file = engine == EngineKind.ONNX_RUNTIME ? "model.onnx" : "model.pt";
            Path truncated = DamagedModels.copy(bundled, dir.resolve("short-" + file), file,
                    b -> java.util.Arrays.copyOf(b, b.length / 3));
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> FaceDescriptorNet.load(runtime, Optional.of(truncated), Optional.of(engine)));
            assertTrue(e.getMessage().contains(file), e.getMessage());
            namesArtifactAndConverter(e);
            Path random = DamagedModels.copy(bundled, dir.resolve("random-" + file), file, DamagedModels::random);
            namesArtifactAndConverter(assertThrows(ModelLoadException.class,
                    () -> FaceDescriptorNet.load(runtime, Optional.of(random), Optional.of(engine))));
        }
    }
}
