package io.github.emotion4j.vision.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emotion4j.vision.face.FaceBox;
import org.junit.jupiter.api.Test;

/** Landmarks carried from one box of a face to the next. */
class FaceLandmarksTest {
    private static FaceLandmarks grid() {
        float[] xy = new float[136];
        for (int i = 0; i < 68; i++) {
            xy[2 * i] = 100 + (i % 10) * 10;
            xy[2 * i + 1] = 50 + (i / 10) * 10;
        }
        return new FaceLandmarks(xy);
    }

    @Test
    void movedFollowsTheBoxCentreAndScalesAboutIt() {
        FaceLandmarks l = grid();
        FaceBox from = new FaceBox(100, 50, 100, 80, 1);
        // the same box: unchanged
        FaceLandmarks same = l.moved(from, from);
        for (int i = 0; i < 68; i++) {
            assertEquals(l.x(i), same.x(i), 1e-4);
            assertEquals(l.y(i), same.y(i), 1e-4);
        }
        // shifted by (7, -3): every point shifted so
        FaceLandmarks shifted = l.moved(from, new FaceBox(107, 47, 100, 80, 1));
        for (int i = 0; i < 68; i++) {
            assertEquals(l.x(i) + 7, shifted.x(i), 1e-4);
            assertEquals(l.y(i) - 3, shifted.y(i), 1e-4);
        }
        // twice the size about the same centre (150, 90): offsets from the centre double
        FaceLandmarks big = l.moved(from, new FaceBox(50, 10, 200, 160, 1));
        for (int i = 0; i < 68; i++) {
            assertEquals(150 + 2 * (l.x(i) - 150), big.x(i), 1e-3);
            assertEquals(90 + 2 * (l.y(i) - 90), big.y(i), 1e-3);
        }
        // the eye line's angle (what vision.align=auto decides on) is kept by a move of equal x/y scale
        assertEquals(l.eyeAngle(), big.eyeAngle(), 1e-9);
    }
}
