package io.github.emotion4j.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.vision.TestMedia;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HaarFaceDetectorTest {
    private static HaarFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = HaarFaceDetector.create();
    }

    @AfterAll
    static void close() {
        detector.close();
        detector.close();
    }

    @Test
    void findsTheAstronautsFace() {
        List<FaceBox> faces = detector.detect(TestMedia.astronautPhoto());
        assertEquals(1, faces.size(), faces.toString());
        FaceBox f = faces.get(0);
        // the face is in the upper middle of the 320x320 photo (NASA portrait)
        assertTrue(f.x() > 80 && f.x() < 140 && f.y() > 20 && f.y() < 70 && f.width() > 40, f.toString());
    }

    @Test
    void findsEveryFaceLargestFirstAndNoneInABlankImage() {
        List<FaceBox> faces = detector.detect(TestMedia.faceFrame(480, 200, 2, 120, 0));
        assertEquals(2, faces.size(), faces.toString());
        assertTrue(faces.get(0).area() >= faces.get(1).area());
        assertTrue(detector.detect(TestMedia.blank(320, 240)).isEmpty());
        assertTrue(detector.detect(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_3BYTE_BGR)).isEmpty());
    }

    @Test
    void greyConversionMatchesLuma() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0xffffff);
        byte[] g = HaarFaceDetector.greyScaled(img, 2, 1);
        assertEquals(77, g[0] & 0xff, 1);
        assertEquals(255, g[1] & 0xff, 1);
    }
}
