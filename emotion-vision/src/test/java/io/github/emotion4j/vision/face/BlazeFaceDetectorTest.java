package io.github.emotion4j.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.vision.TestMedia;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlazeFaceDetectorTest {
    private static EngineRuntime runtime;
    private static BlazeFaceDetector detector;

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        detector = BlazeFaceDetector.create(runtime);
    }

    @AfterAll
    static void close() {
        detector.close();
        detector.close();
        runtime.close();
    }

    @Test
    void anchorsFollowMediaPipesLayout() {
        float[] front = SsdAnchors.centres(128, 8, 16, 16, 16);
        float[] back = SsdAnchors.centres(256, 16, 32, 32, 32);
        assertEquals(896 * 2, front.length);
        assertEquals(896 * 2, back.length);
        // 16x16 cells with 2 anchors each, then 8x8 cells with 6 anchors each
        assertEquals(0.5f / 16, front[0], 1e-6);
        assertEquals(0.5f / 16, front[2], 1e-6);
        assertEquals(1.5f / 16, front[4], 1e-6);
        assertEquals(0.5f / 8, front[512 * 2], 1e-6);
        assertEquals(0.5f / 8, front[517 * 2], 1e-6);
        assertEquals(1.5f / 8, front[518 * 2], 1e-6);
        assertEquals(7.5f / 8, front[895 * 2 + 1], 1e-6);
        assertEquals(front[1000], back[1000], 0);
    }

    @Test
    void weightedNmsAveragesOverlapsByScoreAndKeepsTheBestScore() {
        float[] k = new float[12];
        BlazeFaceDetector.Candidate a = new BlazeFaceDetector.Candidate(0, 0, 10, 10, k, 0.9f);
        BlazeFaceDetector.Candidate b = new BlazeFaceDetector.Candidate(2, 0, 12, 10, k, 0.3f);
        BlazeFaceDetector.Candidate far = new BlazeFaceDetector.Candidate(50, 50, 60, 60, k, 0.6f);
        List<BlazeFaceDetector.Candidate> out = BlazeFaceDetector.weightedNms(List.of(b, far, a), 0.3f);
        assertEquals(2, out.size());
        assertEquals(0.9f, out.get(0).score(), 0);
        assertEquals(0.5f, out.get(0).x0(), 1e-5);   // (0 * 0.9 + 2 * 0.3) / 1.2
        assertEquals(10.5f, out.get(0).x1(), 1e-5);
        assertEquals(50f, out.get(1).x0(), 0);
        // a small box mostly inside a better one is dropped; a neighbour that only touches is kept
        BlazeFaceDetector.Candidate inside = new BlazeFaceDetector.Candidate(1, 1, 4, 4, k, 0.5f);
        BlazeFaceDetector.Candidate touching = new BlazeFaceDetector.Candidate(9, 0, 19, 10, k, 0.5f);
        List<BlazeFaceDetector.Candidate> kept = BlazeFaceDetector.dropContained(List.of(a, inside, touching), 0.5f);
        assertEquals(List.of(a, touching), kept);
    }

    @Test
    void theRecheckPullsAnOffBoxBackOntoTheFace() throws Exception {
        BufferedImage photo = TestMedia.astronautPhoto();
        int w = photo.getWidth();
        int h = photo.getHeight();
        byte[] px = BlazeFaceDetector.bgr(photo);
        List<BlazeFaceDetector.Candidate> found = detector.candidates(photo);
        assertEquals(1, found.size(), found.toString());
        BlazeFaceDetector.Candidate face = found.get(0);
        // what a merge of passes at other scales can leave: the face's box at 0.7 of its side, moved down-right
        float side = face.x1() - face.x0();
        float cx = (face.x0() + face.x1()) / 2 + 0.1f * side;
        float cy = (face.y0() + face.y1()) / 2 + 0.1f * side;
        BlazeFaceDetector.Candidate off = new BlazeFaceDetector.Candidate(cx - 0.35f * side, cy - 0.35f * side,
                cx + 0.35f * side, cy + 0.35f * side, face.keypoints(), 0.9f);
        List<BlazeFaceDetector.Candidate> out = detector.merge(px, w, h, List.of(off), 0.6);
        assertEquals(1, out.size(), "the re-check confirms the face");
        float before = off.iou(face);
        float after = out.get(0).iou(face);
        assertTrue(after > before + 0.15f, "IoU with the face's box " + before + " -> " + after);
        try (BlazeFaceDetector unrefined = BlazeFaceDetector.builder(runtime).refineBoxes(false).build()) {
            List<BlazeFaceDetector.Candidate> kept = unrefined.merge(px, w, h, List.of(off), 0.6);
            assertEquals(1, kept.size());
            assertEquals(before, kept.get(0).iou(face), 1e-6f, "refineBoxes(false) keeps the merged box");
        }
        // a box on background is not confirmed, whatever its score
        BlazeFaceDetector.Candidate wall = new BlazeFaceDetector.Candidate(5, 250, 60, 305, face.keypoints(), 0.95f);
        assertTrue(detector.merge(px, w, h, List.of(wall), 0.6).isEmpty());
    }

    @Test
    void aTiltedEyeLineMustBeConfirmedTurnedUprightToo() throws Exception {
        final double tilt = 90;
        BufferedImage photo = TestMedia.astronautPhoto();
        int w = photo.getWidth();
        int h = photo.getHeight();
        byte[] px = BlazeFaceDetector.bgr(photo);
        BlazeFaceDetector.Candidate face = detector.candidates(photo).get(0);
        assertTrue(Math.abs(Math.toDegrees(BlazeFaceDetector.roll(face))) < BlazeFaceDetector.UPRIGHT_MIN_ROLL,
                "the astronaut's eyes are level: " + Math.toDegrees(BlazeFaceDetector.roll(face)));
        // the same box with keypoints saying the eye line is tilted by 90 degrees: turned by that, the square
        // shows the face lying on its side, which the front model scores lower than the face as it lies, so the
        // candidate's score drops to that of the turned re-check
        float[] k = face.keypoints().clone();
        float ex = (k[0] + k[2]) / 2;
        float ey = (k[1] + k[3]) / 2;
        float half = (k[2] - k[0]) / 2;
        k[0] = ex - half * (float) Math.cos(Math.toRadians(tilt));
        k[1] = ey - half * (float) Math.sin(Math.toRadians(tilt));
        k[2] = ex + half * (float) Math.cos(Math.toRadians(tilt));
        k[3] = ey + half * (float) Math.sin(Math.toRadians(tilt));
        BlazeFaceDetector.Candidate tilted = new BlazeFaceDetector.Candidate(face.x0(), face.y0(), face.x1(), face.y1(), k,
                face.score());
        assertEquals(tilt, Math.toDegrees(BlazeFaceDetector.roll(tilted)), 1e-3);
        List<BlazeFaceDetector.Candidate> both = detector.merge(px, w, h, List.of(tilted), 0.05);
        try (BlazeFaceDetector levelOnly = BlazeFaceDetector.builder(runtime).upright(false).build()) {
            List<BlazeFaceDetector.Candidate> asItLies = levelOnly.merge(px, w, h, List.of(tilted), 0.05);
            assertEquals(1, asItLies.size());
            assertEquals(1, both.size());
            assertTrue(both.get(0).score() < asItLies.get(0).score() - 0.02,
                    "turned " + both.get(0).score() + ", as it lies " + asItLies.get(0).score());
            // the level keypoints of the real detection: one re-check only, the same as upright(false)
            assertEquals(levelOnly.merge(px, w, h, List.of(face), 0.05).get(0).score(),
                    detector.merge(px, w, h, List.of(face), 0.05).get(0).score(), 0);
        }
        // a face really rolled by 18 degrees keeps being found, with its eye line measured as tilted
        BufferedImage rolled = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = rolled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, w, h);
        g.rotate(Math.toRadians(18), (face.x0() + face.x1()) / 2, (face.y0() + face.y1()) / 2);
        g.drawImage(photo, 0, 0, null);
        g.dispose();
        List<BlazeFaceDetector.Candidate> found = detector.candidates(rolled);
        assertEquals(1, found.size(), found.toString());
        assertEquals(18, Math.toDegrees(BlazeFaceDetector.roll(found.get(0))), 6);
    }

    @Test
    void theTurnedSquareIsSampledAndMappedBackByTheEyeLine() {
        float[] k = new float[12];
        k[0] = 10;
        k[1] = 10;
        k[2] = 20;
        k[3] = 20;
        assertEquals(Math.PI / 4, BlazeFaceDetector.roll(new BlazeFaceDetector.Candidate(0, 0, 1, 1, k, 1)), 1e-6);
        // a box centred 20 right of the square's centre in a frame turned by 90 degrees lies 20 below it, its size kept
        float[] local = new float[12];
        local[0] = 20;
        BlazeFaceDetector.Candidate turned = new BlazeFaceDetector.Candidate(10, -5, 30, 5, local, 0.8f);
        BlazeFaceDetector.Candidate back = BlazeFaceDetector.turnBack(turned, 100, 50, Math.PI / 2);
        assertEquals(90, back.x0(), 1e-4);
        assertEquals(110, back.x1(), 1e-4);
        assertEquals(65, back.y0(), 1e-4);
        assertEquals(75, back.y1(), 1e-4);
        assertEquals(100, back.keypoints()[0], 1e-4);
        assertEquals(70, back.keypoints()[1], 1e-4);
        assertEquals(0.8f, back.score(), 0);

        // a pattern turned by 25 degrees, sampled turned by 25 degrees, reads like the pattern itself
        int n = 200;
        BufferedImage upright = new BufferedImage(n, n, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = upright.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, n, n);
        g.setColor(Color.BLACK);
        g.fillRect(60, 80, 80, 20);
        g.setColor(Color.RED);
        g.fillRect(90, 40, 20, 40);
        g.dispose();
        BufferedImage tilted = new BufferedImage(n, n, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D t = tilted.createGraphics();
        t.setColor(Color.WHITE);
        t.fillRect(0, 0, n, n);
        t.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        t.rotate(Math.toRadians(25), n / 2.0, n / 2.0);
        t.drawImage(upright, 0, 0, null);
        t.dispose();
        int s = 64;
        float[] want = new float[s * s * 3];
        float[] level = new float[s * s * 3];
        float[] turnedBack = new float[s * s * 3];
        BlazeFaceDetector.sample(BlazeFaceDetector.bgr(upright), n, n, 50, 50, 100, s, 1, 0, want);
        BlazeFaceDetector.sampleTurned(BlazeFaceDetector.bgr(tilted), n, n, 100, 100, 100, 0, s, 1, 0, level);
        BlazeFaceDetector.sampleTurned(BlazeFaceDetector.bgr(tilted), n, n, 100, 100, 100, Math.toRadians(25), s, 1, 0,
                turnedBack);
        double levelError = meanAbsDiff(want, level);
        double turnedError = meanAbsDiff(want, turnedBack);
        assertTrue(turnedError < 6 && levelError > 4 * turnedError, "mean error level " + levelError + ", turned " + turnedError);
        // unturned, it is the bilinear/box sampler of the passes (up to the box filter's cell edges)
        float[] passes = new float[s * s * 3];
        BlazeFaceDetector.sample(BlazeFaceDetector.bgr(upright), n, n, 50, 50, 100, s, 1, 0, passes);
        float[] mine = new float[s * s * 3];
        BlazeFaceDetector.sampleTurned(BlazeFaceDetector.bgr(upright), n, n, 100, 100, 100, 0, s, 1, 0, mine);
        assertTrue(meanAbsDiff(passes, mine) < 3, "unturned " + meanAbsDiff(passes, mine));
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    @Test
    void refinedAveragesByScoreAndSmallBoxesAreDropped() {
        float[] k = new float[12];
        float[] k2 = new float[12];
        java.util.Arrays.fill(k2, 30);
        BlazeFaceDetector.Candidate c = new BlazeFaceDetector.Candidate(0, 0, 10, 10, k, 0.75f);
        BlazeFaceDetector.Candidate again = new BlazeFaceDetector.Candidate(4, 0, 24, 20, k2, 0.25f);
        BlazeFaceDetector.Candidate r = BlazeFaceDetector.refined(c, again, 0.5f);
        assertEquals(1f, r.x0(), 1e-5);    // 0 * 0.75 + 4 * 0.25
        assertEquals(0f, r.y0(), 1e-5);
        assertEquals(13.5f, r.x1(), 1e-5); // 10 * 0.75 + 24 * 0.25
        assertEquals(12.5f, r.y1(), 1e-5);
        assertEquals(7.5f, r.keypoints()[5], 1e-5);
        assertEquals(0.5f, r.score(), 0);
        // face boxes are reframed by FACE_BOX_SCALE before the size rule: 10 px -> 11.85
        BlazeFaceDetector.Candidate tiny = new BlazeFaceDetector.Candidate(0, 0, 9, 10, k, 0.9f);
        BlazeFaceDetector.Candidate ok = new BlazeFaceDetector.Candidate(0, 0, 11, 8, k, 0.9f);
        assertEquals(List.of(ok), BlazeFaceDetector.dropSmall(List.of(tiny, ok), 12));
        assertEquals(List.of(tiny, ok), BlazeFaceDetector.dropSmall(List.of(tiny, ok), 0));
    }

    @Test
    void tinyBoxesAreDroppedOnlyWhenTilesLookForFacesOfMinFace() throws Exception {
        BufferedImage photo = TestMedia.astronautPhoto();
        byte[] px = BlazeFaceDetector.bgr(photo);
        float[] k = new float[12];
        // a 10-pixel box (11.85 px reframed): under half of minFace 24; the re-check is off so only the size rule decides
        BlazeFaceDetector.Candidate small = new BlazeFaceDetector.Candidate(150, 100, 160, 110, k, 0.99f);
        BlazeFaceDetector.Candidate big = new BlazeFaceDetector.Candidate(150, 100, 161, 111, k, 0.99f);
        try (BlazeFaceDetector unchecked = BlazeFaceDetector.builder(runtime).verify(false).build()) {
            assertTrue(unchecked.merge(px, photo.getWidth(), photo.getHeight(), List.of(small), 0.6).isEmpty(),
                    "with minFace 24 the 10-pixel box goes");
            assertEquals(1, unchecked.merge(px, photo.getWidth(), photo.getHeight(), List.of(big), 0.6).size(),
                    "an 11-pixel box (13 px reframed) stays");
            assertEquals(1, unchecked.withMinFace(0).merge(px, photo.getWidth(), photo.getHeight(), List.of(small), 0.6)
                    .size(), "without tiles nothing is dropped for its size");
            assertEquals(1, unchecked.withMinFace(20).merge(px, photo.getWidth(), photo.getHeight(), List.of(small), 0.6)
                    .size(), "minFace 20: 11.85 px is over half of it");
        }
        try (BlazeFaceDetector keepAll = BlazeFaceDetector.builder(runtime).verify(false).minFaceFraction(0).build()) {
            assertEquals(1, keepAll.merge(px, photo.getWidth(), photo.getHeight(), List.of(small), 0.6).size());
        }
    }

    @Test
    void tilesCoverTheWholeFrameAndAreOnlyUsedWhenNeeded() {
        assertEquals(2, detector.plan(160, 120).size(), "a small image needs no tiles at 24-pixel faces");
        for (int[] size : new int[][] {{640, 480}, {1920, 1080}, {4096, 300}}) {
            List<BlazeFaceDetector.Pass> plan = detector.plan(size[0], size[1]);
            assertTrue(plan.size() > 2, "tiles for " + size[0] + "x" + size[1]);
            // the finest tiles cover every pixel
            double finest = plan.stream().mapToDouble(BlazeFaceDetector.Pass::side).min().orElseThrow();
            boolean[][] covered = new boolean[(size[1] + 9) / 10][(size[0] + 9) / 10];
            for (BlazeFaceDetector.Pass p : plan) {
                if (p.side() == finest) {
                    for (int y = Math.max(0, (int) p.y()); y < Math.min(size[1], p.y() + p.side()); y++) {
                        for (int x = Math.max(0, (int) p.x()); x < Math.min(size[0], p.x() + p.side()); x++) {
                            if (y % 10 == 0 && x % 10 == 0) {
                                covered[y / 10][x / 10] = true;
                            }
                        }
                    }
                }
            }
            for (boolean[] row : covered) {
                for (boolean c : row) {
                    assertTrue(c, "every pixel of " + size[0] + "x" + size[1] + " is in a finest tile");
                }
            }
        }
    }

    @Test
    void findsTheAstronautsFaceAndNoneInBlankOrNoise() {
        List<FaceBox> faces = detector.detect(TestMedia.astronautPhoto());
        assertEquals(1, faces.size(), faces.toString());
        FaceBox f = faces.get(0);
        // the face is in the upper middle of the 320x320 photo (NASA portrait), as Haar finds it
        assertTrue(f.x() > 80 && f.x() < 140 && f.y() > 20 && f.y() < 70 && f.width() > 40, f.toString());
        assertTrue(f.score() > 0.7 && f.score() <= 1, f.toString());
        assertTrue(detector.detect(TestMedia.blank(640, 480)).isEmpty());
        BufferedImage noise = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                noise.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        assertTrue(detector.detect(noise).isEmpty(), "no face in noise");
    }

    @Test
    void smallFacesInAFullHdFrameNeedTheTiles() throws Exception {
        BufferedImage frame = scene(1920, 1080, 40, 12);
        List<FaceBox> tiled = detector.detect(frame);
        assertEquals(12, tiled.size(), tiled.toString());
        try (BlazeFaceDetector wholeOnly = BlazeFaceDetector.builder(runtime).minFace(0).build()) {
            assertTrue(wholeOnly.detect(frame).size() < 6, "without tiles most 40-pixel faces of a 1920x1080 frame are missed");
        }
    }

    /**
     * The resampling as first written (a box filter summing each cell pixel by pixel, bilinear with
     * every coordinate computed per pixel): the faster {@link BlazeFaceDetector#sample} must give the same floats.
     */
    static void referenceSample(byte[] bgr, int w, int h, double x, double y, double side, int s, float scale, float offset,
                       float[] dst) {
        double step = side / s;
        if (step >= 1.5) {
            int[] xa = new int[s];
            int[] xb = new int[s];
            int[] ya = new int[s];
            int[] yb = new int[s];
            referenceBounds(x, step, w, xa, xb);
            referenceBounds(y, step, h, ya, yb);
            for (int j = 0; j < s; j++) {
                int o = j * s * 3;
                for (int i = 0; i < s; i++, o += 3) {
                    if (ya[j] >= yb[j] || xa[i] >= xb[i]) {
                        dst[o] = offset;
                        dst[o + 1] = offset;
                        dst[o + 2] = offset;
                        continue;
                    }
                    int b = 0;
                    int g = 0;
                    int r = 0;
                    for (int yy = ya[j]; yy < yb[j]; yy++) {
                        int p = (yy * w + xa[i]) * 3;
                        for (int xx = xa[i]; xx < xb[i]; xx++, p += 3) {
                            b += bgr[p] & 0xff;
                            g += bgr[p + 1] & 0xff;
                            r += bgr[p + 2] & 0xff;
                        }
                    }
                    float f = scale / ((yb[j] - ya[j]) * (xb[i] - xa[i]));
                    dst[o] = r * f + offset;
                    dst[o + 1] = g * f + offset;
                    dst[o + 2] = b * f + offset;
                }
            }
            return;
        }
        for (int j = 0; j < s; j++) {
            double sy = y + (j + 0.5) * step - 0.5;
            int o = j * s * 3;
            for (int i = 0; i < s; i++, o += 3) {
                double sx = x + (i + 0.5) * step - 0.5;
                if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) {
                    dst[o] = offset;
                    dst[o + 1] = offset;
                    dst[o + 2] = offset;
                    continue;
                }
                double cxp = Math.min(w - 1, Math.max(0, sx));
                double cyp = Math.min(h - 1, Math.max(0, sy));
                int x0 = (int) cxp;
                int y0 = (int) cyp;
                int x1 = Math.min(w - 1, x0 + 1);
                int y1 = Math.min(h - 1, y0 + 1);
                double fx = cxp - x0;
                double fy = cyp - y0;
                for (int c = 0; c < 3; c++) {
                    double v00 = bgr[(y0 * w + x0) * 3 + c] & 0xff;
                    double v01 = bgr[(y0 * w + x1) * 3 + c] & 0xff;
                    double v10 = bgr[(y1 * w + x0) * 3 + c] & 0xff;
                    double v11 = bgr[(y1 * w + x1) * 3 + c] & 0xff;
                    double v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
                    dst[o + 2 - c] = (float) (v * scale + offset);
                }
            }
        }
    }

    private static void referenceBounds(double origin, double step, int n, int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            int lo = (int) Math.round(origin + i * step);
            int hi = Math.max(lo + 1, (int) Math.round(origin + (i + 1) * step));
            a[i] = Math.max(0, Math.min(n, lo));
            b[i] = Math.max(0, Math.min(n, hi));
        }
    }

    @Test
    void resamplingGivesExactlyTheValuesOfThePixelByPixelComputation() {
        java.util.Random r = new java.util.Random(11);
        for (int round = 0; round < 60; round++) {
            int w = 1 + r.nextInt(700);
            int h = 1 + r.nextInt(500);
            byte[] bgr = new byte[w * h * 3];
            r.nextBytes(bgr);
            int s = round % 2 == 0 ? 128 : 256;
            // shrinking a lot, a little (box filter from 1.5), enlarging; inside, across an edge, outside
            double side = Math.max(1, Math.max(w, h) * (0.1 + 2.5 * r.nextDouble()));
            double x = (r.nextDouble() - 0.3) * w;
            double y = (r.nextDouble() - 0.3) * h;
            float[] want = new float[s * s * 3];
            float[] got = new float[s * s * 3];
            referenceSample(bgr, w, h, x, y, side, s, 2 / 255f, -1, want);
            BlazeFaceDetector.sample(bgr, w, h, x, y, side, s, 2 / 255f, -1, got);
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 0f,
                    w + "x" + h + " at " + x + "," + y + " side " + side + " into " + s);
        }
    }

    @Test
    void passesSideBySideOnAnExecutorFindTheSameFaces() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newFixedThreadPool(1);
        try (BlazeFaceDetector twoThreads = BlazeFaceDetector.builder(runtime).executor(pool).build();
             BlazeFaceDetector oneThread = BlazeFaceDetector.builder(runtime).executor(one).build()) {
            List<BufferedImage> images = List.of(scene(1920, 1080, 40, 12), scene(1280, 720, 90, 15), TestMedia.astronautPhoto(),
                    scene(640, 480, 60, 3));
            for (BufferedImage img : images) {
                List<FaceBox> sequential = detector.detect(img);
                assertFalse(sequential.isEmpty());
                assertTrue(detector.plan(img.getWidth(), img.getHeight()).size() > 1);
                assertEquals(sequential, twoThreads.detect(img), img.getWidth() + "x" + img.getHeight());
                assertEquals(sequential, oneThread.detect(img), img.getWidth() + "x" + img.getHeight());
            }
        } finally {
            pool.shutdownNow();
            one.shutdownNow();
        }
    }

    @Test
    void aCrowdOfMidSizedFacesIsFoundAndLargestComesFirst() {
        BufferedImage frame = scene(1280, 720, 90, 15);
        List<FaceBox> faces = detector.detect(frame);
        assertEquals(15, faces.size(), faces.toString());
        for (int i = 1; i < faces.size(); i++) {
            assertTrue(faces.get(i - 1).area() >= faces.get(i).area());
        }
    }

    @Test
    void facesCutByTheFrameEdgeGiveBoxesInsideTheImage() {
        BufferedImage face = TestMedia.astronautFace();
        for (int[] at : new int[][] {{-60, 100}, {500, 100}, {200, -70}, {200, 380}, {-60, -60}}) {
            BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, 640, 480);
            g.drawImage(face, at[0], at[1], 168, 168, null);
            g.dispose();
            for (FaceBox b : detector.detect(img)) {
                assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= 640 && b.y() + b.height() <= 480, b.toString());
            }
        }
        // a third of the face outside: still found
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 640, 480);
        g.drawImage(face, -50, 150, 168, 168, null);
        g.dispose();
        assertFalse(detector.detect(img).isEmpty(), "a face a third outside the frame is still found");
    }

    @Test
    void tinyGreyAlphaAndOddImageTypesAreReadNotCrashed() {
        for (int side : new int[] {1, 2, 3, 7}) {
            assertTrue(detector.detect(new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR)).isEmpty());
        }
        assertTrue(detector.detect(new BufferedImage(1, 5000, BufferedImage.TYPE_3BYTE_BGR)).isEmpty());
        BufferedImage photo = TestMedia.astronautPhoto();
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage other = new BufferedImage(photo.getWidth(), photo.getHeight(), type);
            other.getGraphics().drawImage(photo, 0, 0, null);
            List<FaceBox> found = detector.detect(other);
            assertFalse(found.isEmpty(), "image type " + type);
            FaceBox f = found.get(0);
            assertTrue(f.x() > 80 && f.x() < 140 && f.y() > 20 && f.y() < 70, "image type " + type + ": " + found);
        }
        // a sub-image shares its parent's raster: its own pixels are read
        BufferedImage big = new BufferedImage(640, 320, BufferedImage.TYPE_3BYTE_BGR);
        big.getGraphics().drawImage(photo, 320, 0, null);
        assertEquals(1, detector.detect(big.getSubimage(320, 0, 320, 320)).size());
        assertTrue(detector.detect(big.getSubimage(0, 0, 320, 320)).isEmpty());
    }

    @Test
    void refusesCallsAfterCloseAndBadSettings() throws Exception {
        BlazeFaceDetector d = BlazeFaceDetector.builder(runtime).passes(BlazeFaceDetector.Passes.FRONT).build();
        assertEquals(1, d.models().size());
        assertEquals(BlazeFaceDetector.FRONT_MODEL_ID, d.models().get(0).id());
        assertEquals(64, d.models().get(0).sha256().length());
        d.close();
        assertThrows(IllegalStateException.class, () -> d.detect(TestMedia.astronautPhoto()));
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceDetector.builder(runtime).minScore(1));
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceDetector.builder(runtime).minFace(3));
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceDetector.builder(runtime).iou(0));
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceDetector.builder(runtime).minFaceFraction(1));
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceDetector.builder(runtime).minFaceFraction(-0.1));
    }

    /** {@code n} astronaut faces of {@code side} pixels on a gradient, spread on a grid. */
    static BufferedImage scene(int w, int h, int side, int n) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(60, 90, 70), w, h, new Color(190, 170, 150)));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int cols = (int) Math.ceil(Math.sqrt(n * (double) w / h));
        int rows = (int) Math.ceil((double) n / cols);
        List<int[]> spots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int cx = (int) ((i % cols + 0.5) * w / cols);
            int cy = (int) ((i / cols + 0.5) * h / rows);
            spots.add(new int[] {cx - side / 2, cy - side / 2});
        }
        for (int[] s : spots) {
            g.drawImage(TestMedia.astronautFace(), s[0], s[1], side, side, null);
        }
        g.dispose();
        return img;
    }
}
