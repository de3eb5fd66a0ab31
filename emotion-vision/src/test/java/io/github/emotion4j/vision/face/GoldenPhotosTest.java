package io.github.emotion4j.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.decode.ImageDecoder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BlazeFace on the golden photos of ../shared/data/faces/golden; skipped when that folder is absent (a fresh clone). */
class GoldenPhotosTest {
    private static EngineRuntime runtime;
    private static BlazeFaceDetector detector;
    private static Path golden;

    @BeforeAll
    static void open() throws Exception {
        Assumptions.assumeTrue(TestData.sharedData().isPresent(), "../shared/data is absent");
        golden = TestData.sharedData().get().resolve("faces/golden");
        runtime = EngineRuntime.cpu();
        detector = BlazeFaceDetector.create(runtime);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
            runtime.close();
        }
    }

    @Test
    void everyFaceOfTheGroupPhotoIsFoundAndNothingElse() throws Exception {
        List<FaceBox> faces = detector.detect(new ImageDecoder().read(golden.resolve("faces.jpg")));
        // the six people of faces.jpg (710x473): a point between the eyes and the mouth of each, read off the photo
        int[][] people = {{124, 86}, {281, 110}, {614, 128}, {514, 248}, {103, 328}, {299, 291}};
        assertEquals(people.length, faces.size(), faces.toString());
        for (int[] p : people) {
            assertTrue(faces.stream().anyMatch(b -> b.x() < p[0] && p[0] < b.x() + b.width() && b.y() < p[1]
                    && p[1] < b.y() + b.height()), "no box on the face at " + p[0] + "," + p[1] + ": " + faces);
        }
    }

    @Test
    void onePersonPhotosGiveOneFaceAndTheBlankImageNone() throws Exception {
        for (String f : List.of("angry.jpg", "surprised.jpg", "angry_cropped.jpg", "surprised_cropped.jpg")) {
            assertEquals(1, detector.detect(new ImageDecoder().read(golden.resolve(f))).size(), f);
        }
        assertTrue(detector.detect(new ImageDecoder().read(golden.resolve("white.png"))).isEmpty());
    }
}
