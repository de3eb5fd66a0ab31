package io.github.emotion4j.vision.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.FaceApiReference;
import io.github.emotion4j.vision.TestMedia;
import io.github.emotion4j.vision.face.FaceBox;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The converted FaceLandmark68Net on both engines, against face-api.js's own output, and the aligner. */
class LandmarkNetTest {
    private static EngineRuntime runtime;
    private static LandmarkNet onnx;
    private static LandmarkNet torch;

    @BeforeAll
    static void load() throws Exception {
        runtime = EngineRuntime.cpu();
        onnx = LandmarkNet.load(runtime, Optional.empty(), Optional.of(EngineKind.ONNX_RUNTIME));
        torch = LandmarkNet.load(runtime, Optional.empty(), Optional.of(EngineKind.PYTORCH));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    @Test
    void bothEnginesReproduceFaceApiJs() {
        BufferedImage face = TestMedia.astronautFace();
        double[] raw = FaceApiReference.array("landmarks.raw");
        double[] pixels = FaceApiReference.array("landmarks.pixels");
        for (LandmarkNet net : List.of(onnx, torch)) {
            float[] got = net.raw(List.of(face))[0];
            assertEquals(136, got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(raw[i], got[i], 2e-5, net + " raw output " + i);
            }
            FaceLandmarks lm = net.ofCrops(List.of(face)).get(0);
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                assertEquals(pixels[2 * i], lm.x(i), 0.01, net + " x of point " + i);
                assertEquals(pixels[2 * i + 1], lm.y(i), 0.01, net + " y of point " + i);
            }
        }
        assertEquals("face-landmarks-68", onnx.info().id());
        assertEquals(64, onnx.info().sha256().length());
    }

    @Test
    void pointsAreWhereTheFaceIsInTheImage() {
        // the face crop pasted at (60, 40) in a larger frame, given as a box: points move with it
        BufferedImage face = TestMedia.astronautFace();
        BufferedImage frame = TestMedia.blank(320, 260);
        Graphics2D g = frame.createGraphics();
        g.drawImage(face, 60, 40, null);
        g.dispose();
        FaceLandmarks inCrop = onnx.ofCrops(List.of(face)).get(0);
        FaceLandmarks inFrame = onnx.locate(frame, List.of(new FaceBox(60, 40, 168, 168, 1))).get(0).orElseThrow();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            assertEquals(inCrop.x(i) + 60, inFrame.x(i), 0.05);
            assertEquals(inCrop.y(i) + 40, inFrame.y(i), 0.05);
        }
        // a non-square box (pad on the left/right) still maps the points to about the same place
        FaceLandmarks tall = onnx.locate(frame, List.of(new FaceBox(80, 40, 128, 168, 1))).get(0).orElseThrow();
        double[] a = inFrame.leftEyeCentre();
        double[] b = tall.leftEyeCentre();
        assertTrue(Math.hypot(a[0] - b[0], a[1] - b[1]) < 6, "eye moved " + Math.hypot(a[0] - b[0], a[1] - b[1]));
        // eyes above the mouth, left eye on the picture's left, a plausible eye distance for a 168 px face
        assertTrue(inCrop.leftEyeCentre()[1] < inCrop.mouthCentre()[1]);
        assertTrue(inCrop.leftEyeCentre()[0] < inCrop.rightEyeCentre()[0]);
        assertTrue(inCrop.eyeDistance() > 30 && inCrop.eyeDistance() < 90, inCrop.toString());
    }

    @Test
    void facesBelowTheMinimumGetNoLandmarks() {
        BufferedImage frame = TestMedia.faceFrame(200, 100, 1, 31, 0);
        var out = onnx.locate(frame, List.of(new FaceBox(84, 35, 31, 31, 1), new FaceBox(84, 34, 32, 32, 1)));
        assertTrue(out.get(0).isEmpty(), "31 px is below " + LandmarkNet.MIN_FACE_SIDE);
        assertTrue(out.get(1).isPresent());
        assertTrue(onnx.locate(frame, List.of()).isEmpty());
    }

    @Test
    void alignerLevelsTheEyesAndScalesByTheirDistance() {
        BufferedImage face = TestMedia.astronautFace();
        // rotate the face by 20 degrees inside a larger canvas
        BufferedImage rotated = TestMedia.blank(260, 260);
        Graphics2D g = rotated.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.rotate(Math.toRadians(20), 130, 130);
        t.translate(46, 46);
        g.drawImage(face, t, null);
        g.dispose();
        FaceLandmarks before = onnx.locate(rotated, List.of(new FaceBox(46, 46, 168, 168, 1))).get(0).orElseThrow();
        double tilt = Math.toDegrees(onnx.ofCrops(List.of(face)).get(0).eyeAngle());
        assertEquals(tilt + 20, Math.toDegrees(before.eyeAngle()), 8, "the rotation is seen: " + before);
        BufferedImage aligned = FaceAligner.DEFAULT.align(rotated, before);
        assertEquals(112, aligned.getWidth());
        FaceLandmarks after = onnx.ofCrops(List.of(aligned)).get(0);
        assertEquals(0, Math.toDegrees(after.eyeAngle()), 4, "eyes level after alignment: " + after);
        assertEquals(FaceAligner.DEFAULT.eyeDistance() * 112, after.eyeDistance(), 6, after.toString());
        double[] l = after.leftEyeCentre();
        double[] r = after.rightEyeCentre();
        assertEquals(56, (l[0] + r[0]) / 2, 5);
        assertEquals(FaceAligner.DEFAULT.eyeHeight() * 112, (l[1] + r[1]) / 2, 6);
    }
}
