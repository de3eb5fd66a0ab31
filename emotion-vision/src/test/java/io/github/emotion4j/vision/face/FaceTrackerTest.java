package io.github.emotion4j.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    @Test
    void iouOfBoxes() {
        FaceBox a = new FaceBox(0, 0, 10, 10, 1);
        assertEquals(1.0, a.iou(a), 1e-12);
        assertEquals(0.0, a.iou(new FaceBox(20, 20, 5, 5, 1)), 1e-12);
        assertEquals(50.0 / 150.0, a.iou(new FaceBox(5, 0, 10, 10, 1)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new FaceBox(0, 0, 0, 5, 1));
    }

    @Test
    void twoPeopleKeepTheirIdsWhileMoving() {
        FaceTracker t = new FaceTracker();
        List<FaceTracker.TrackedFace> f0 = t.update(List.of(new FaceBox(10, 10, 50, 50, 1), new FaceBox(200, 10, 50, 50, 1)), 0.0);
        assertEquals(1, f0.get(0).trackId());
        assertEquals(2, f0.get(1).trackId());
        // order of boxes swapped and both moved a little
        List<FaceTracker.TrackedFace> f1 = t.update(List.of(new FaceBox(205, 12, 50, 50, 1), new FaceBox(14, 10, 50, 50, 1)), 0.25);
        assertEquals(2, f1.get(0).trackId());
        assertEquals(1, f1.get(1).trackId());
    }

    @Test
    void aFaceThatLeavesForLongGetsANewId() {
        FaceTracker t = new FaceTracker(0.3, 1.0);
        int first = t.update(List.of(new FaceBox(10, 10, 50, 50, 1)), 0).get(0).trackId();
        assertEquals(first, t.update(List.of(new FaceBox(12, 10, 50, 50, 1)), 0.9).get(0).trackId(), "short gap");
        t.update(List.of(), 1.5);
        int later = t.update(List.of(new FaceBox(12, 10, 50, 50, 1)), 3.0).get(0).trackId();
        assertNotEquals(first, later);
        assertEquals(1, t.liveTracks());
    }

    @Test
    void cropsWidenTheBoxAndStayInsideTheImage() {
        FaceBox b = FaceCrops.expand(new FaceBox(5, 5, 20, 20, 1), 0.5, 30, 100);
        assertEquals(new FaceBox(0, 0, 30, 35, 1), b);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(30, 100, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0x123456);
        java.awt.image.BufferedImage c = FaceCrops.crop(img, new FaceBox(5, 5, 20, 20, 1), 0.5);
        assertEquals(30, c.getWidth());
        assertEquals(35, c.getHeight());
        assertEquals(0x123456, c.getRGB(0, 0) & 0xffffff);
    }
}
