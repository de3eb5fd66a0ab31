package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceDetector;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faces in the results: landmarks, the small-face warning, and one timeline per person in a video. */
class FaceResultsTest {
    private static final int W = 480;
    private static final int H = 240;
    private static final int GREY = 128;
    /** Where the synthetic video puts faces: left, centre, right. */
    private static final FaceBox[] SLOTS = {new FaceBox(30, 60, 120, 120, 1), new FaceBox(172, 30, 136, 136, 1),
        new FaceBox(330, 60, 120, 120, 1)};

    private static EngineRuntime runtime;
    private static ExpressionNet net;
    private static FaceModels models;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        net = ExpressionNet.load(runtime, Optional.empty(), Optional.empty());
        models = VisionAnalyzerProvider.loadFaceModels(new AnalyzerContext(runtime, Map.of(), Map.of()));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    /**
     * A stand-in detector for the synthetic video: a slot holds a face when it differs from the flat
     * grey background (the detector itself is not under test here).
     */
    static final class SlotDetector implements FaceDetector {
        @Override
        public List<FaceBox> detect(BufferedImage image) {
            List<FaceBox> out = new ArrayList<>();
            for (FaceBox s : SLOTS) {
                long diff = 0;
                for (int y = s.y(); y < s.y() + s.height(); y += 4) {
                    for (int x = s.x(); x < s.x() + s.width(); x += 4) {
                        diff += Math.abs((image.getRGB(x, y) >> 8 & 0xff) - GREY);
                    }
                }
                if (diff / ((s.width() / 4) * (s.height() / 4)) > 20) {
                    out.add(s);
                }
            }
            return out;
        }

        @Override
        public String name() {
            return "slots";
        }

        @Override
        public void close() {
        }
    }

    /** A detector that always returns the given boxes. */
    record FixedDetector(List<FaceBox> boxes) implements FaceDetector {
        @Override
        public List<FaceBox> detect(BufferedImage image) {
            return boxes;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public void close() {
        }
    }

    private static BufferedImage read(String rel) throws IOException {
        BufferedImage img = ImageIO.read(TestData.resolve(rel).toFile());
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    private VisionAnalyzer analyzer(FaceDetector d, VisionOptions o, FaceModels m) {
        return new VisionAnalyzer(net, d, Optional.empty(), o, LiftingDynamics.parameterFree(net.labels().size()), m);
    }

    @Test
    void photoFacesCarryBoxScoreAndLandmarks() throws Exception {
        VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()));
        try {
            Path f = dir.resolve("astronaut.png");
            ImageIO.write(TestMedia.astronautPhoto(), "png", f.toFile());
            ModalityResult r = a.analyze(MediaInput.ofFile(f));
            assertEquals(1, r.faces().size(), r.toString());
            FaceObservation face = r.faces().get(0);
            assertEquals(1, face.person());
            assertTrue(face.span().isEmpty());
            FaceObservation.Box b = face.box().orElseThrow();
            assertEquals(68, face.landmarks().size());
            long inside = face.landmarks().stream().filter(p -> p.x() >= b.x() - 2 && p.x() <= b.x() + b.width() + 2
                    && p.y() >= b.y() - 2 && p.y() <= b.y() + b.height() + 2).count();
            assertTrue(inside >= 60, inside + " of 68 landmarks in the box " + b);
            assertTrue(face.score() > 0);
            assertEquals(r.distribution().orElseThrow().top().label(), face.top().label());
            assertTrue(r.models().stream().anyMatch(m -> m.id().equals("face-landmarks-68")), r.models().toString());
        } finally {
            a.close();
        }
    }

    @Test
    void aFaceTooSmallForLandmarksStillGetsAnExpressionWithAWarning() {
        BufferedImage frame = TestMedia.faceFrame(200, 120, 1, 28, 0);
        FaceBox tiny = new FaceBox(86, 46, 28, 28, 1);
        try (VisionAnalyzer a = analyzer(new FixedDetector(List.of(tiny)), VisionOptions.defaults(), models)) {
            ModalityResult r = a.analyze(MediaInput.ofImage(frame));
            assertTrue(r.hasEvidence(), r.toString());
            FaceObservation f = r.faces().get(0);
            assertTrue(f.landmarks().isEmpty());
            assertTrue(f.warnings().get(0).contains("too small for landmarks"), f.warnings().toString());
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("face #1: face of 28x28 px is too small")), r.warnings().toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Frames (10 fps): 0-9 A left, B right; 10-19 they swap places; 20-24 a cut to an empty shot;
     * 25-34 A alone in the centre, larger; 35-39 A occluded (nobody visible); 40-49 A left, B right.
     */
    private Path swapCutOcclusionVideo() throws Exception {
        BufferedImage a = TestMedia.astronautFace();
        BufferedImage b = read("vision/person-a.jpg");
        Path file = dir.resolve("people.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), W, H, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setFrameRate(10);
            r.setVideoQuality(2);
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            r.start();
            for (int i = 0; i < 50; i++) {
                BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(GREY, GREY, GREY));
                g.fillRect(0, 0, W, H);
                if (i < 10 || i >= 40) {
                    paste(g, a, SLOTS[0]);
                    paste(g, b, SLOTS[2]);
                } else if (i < 20) {
                    paste(g, b, SLOTS[0]);
                    paste(g, a, SLOTS[2]);
                } else if (i >= 25 && i < 35) {
                    paste(g, a, SLOTS[1]);
                }
                g.dispose();
                r.record(conv.convert(img));
            }
            r.stop();
        }
        return file;
    }

    private static void paste(Graphics2D g, BufferedImage face, FaceBox slot) {
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face, slot.x(), slot.y(), slot.width(), slot.height(), null);
    }

    private static Optional<FaceObservation> at(List<FaceObservation> faces, double start, FaceBox slot) {
        return faces.stream().filter(f -> Math.abs(f.span().orElseThrow().start() - start) < 0.05
                && f.box().orElseThrow().x() == slot.x()).findFirst();
    }

    @Test
    void aVideoGivesOneTimelinePerPersonAcrossSwapCutAndOcclusion() throws Exception {
        Path video = swapCutOcclusionVideo();
        VisionOptions o = VisionOptions.defaults().withFps(0).withWindow(1.0);
        ModalityResult r;
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o, models)) {
            r = an.analyze(MediaInput.ofFile(video));
        }
        if (models.descriptors().isEmpty()) {
            // the descriptor weights are not in the repository (convert.py writes them into
            // models/face-identity): vision.identity=auto falls back to tracks and says so
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("IoU track only")), r.warnings().toString());
        } else {
            assertTrue(r.warnings().stream().noneMatch(w -> w.contains("IoU track only")), r.warnings().toString());
            List<FaceObservation> faces = r.faces();
            Set<Integer> people = faces.stream().map(FaceObservation::person).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(1, 2), people, faces.toString());
            assertEquals(2.0, r.details().get("people"));
            int pa = at(faces, 0.0, SLOTS[0]).orElseThrow().person();
            int pb = at(faces, 0.0, SLOTS[2]).orElseThrow().person();
            assertEquals(pb, at(faces, 1.0, SLOTS[0]).orElseThrow().person(), "swapped: B is on the left");
            assertEquals(pa, at(faces, 1.0, SLOTS[2]).orElseThrow().person(), "swapped: A is on the right");
            assertEquals(pa, at(faces, 2.5, SLOTS[1]).orElseThrow().person(), "after the cut, A alone in the centre");
            assertEquals(pa, at(faces, 4.0, SLOTS[0]).orElseThrow().person(), "after the occlusion");
            assertEquals(pb, at(faces, 4.0, SLOTS[2]).orElseThrow().person());
            for (FaceObservation f : faces) {
                assertEquals(68, f.landmarks().size());
            }
            assertTrue(r.segments().stream().allMatch(s -> s.source().equals("face#" + pa) || s.source().equals("face#" + pb)),
                    r.segments().toString());
        }

        // identity by IoU track alone: the swap goes unseen and every return is a new track
        ModalityResult tracks;
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o,
                new FaceModels(models.landmarks(), models.descriptors(), models.aligner(),
                        models.options().withIdentity(FaceAnalysisOptions.Identity.TRACK)))) {
            tracks = an.analyze(MediaInput.ofFile(video));
        }
        long trackCount = tracks.faces().stream().map(FaceObservation::person).distinct().count();
        assertTrue(trackCount > 2, "tracks: " + trackCount);
        assertFalse(tracks.details().containsKey("people"));
        assertEquals(at(tracks.faces(), 0.0, SLOTS[0]).orElseThrow().person(),
                at(tracks.faces(), 1.0, SLOTS[0]).orElseThrow().person(), "the IoU tracker keeps the left slot's track");
    }

    @Test
    void decodingAheadGivesTheSameResultsAsDecodingOnTheCallingThread() throws Exception {
        Path video = swapCutOcclusionVideo();
        VisionOptions o = VisionOptions.defaults().withFps(0).withWindow(1.0);
        ModalityResult ahead;
        ModalityResult inline;
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o, models)) {
            ahead = an.analyze(MediaInput.ofFile(video));
        }
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o.withDecodeAhead(0), models)) {
            inline = an.analyze(MediaInput.ofFile(video));
        }
        assertTrue(ahead.hasEvidence(), ahead.toString());
        assertEquals(inline.faces(), ahead.faces());
        assertEquals(inline.segments(), ahead.segments());
        assertEquals(inline.details(), ahead.details());
        assertEquals(inline.distribution(), ahead.distribution());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(io.github.emotion4j.vision.decode.DecodeAhead.THREAD_NAME)),
                "the decoding thread ended with the call");
    }

    @Test
    void theLandmarkNetRunsAtItsCadenceAndResultsStillCarryComputedLandmarks() throws Exception {
        Path video = swapCutOcclusionVideo();
        VisionOptions o = VisionOptions.defaults().withFps(0).withWindow(1.0);
        FaceModels every = new FaceModels(models.landmarks(), models.descriptors(), models.aligner(),
                models.options().withAlign(FaceAnalysisOptions.Align.ON).withLandmarkInterval(0));
        FaceModels cadence = new FaceModels(models.landmarks(), models.descriptors(), models.aligner(),
                models.options().withAlign(FaceAnalysisOptions.Align.ON).withLandmarkInterval(0.5));
        ModalityResult all;
        ModalityResult some;
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o, every)) {
            all = an.analyze(MediaInput.ofFile(video));
        }
        try (VisionAnalyzer an = analyzer(new SlotDetector(), o, cadence)) {
            some = an.analyze(MediaInput.ofFile(video));
        }
        // 50 frames at 10 fps: 2 faces in frames 0-19 and 40-49, 1 in 25-34 = 70 faces, all aligned
        assertEquals(70.0, all.details().get("landmarks"), all.details().toString());
        double runs = some.details().get("landmarks");
        assertTrue(runs < 70 && runs >= 14, "landmark runs at a 0.5 s cadence: " + runs);
        // the same people and windows; every observation's points were computed by the net on its own box
        assertEquals(all.faces().stream().map(FaceObservation::person).toList(),
                some.faces().stream().map(FaceObservation::person).toList());
        for (int i = 0; i < all.faces().size(); i++) {
            FaceObservation a = all.faces().get(i);
            FaceObservation s = some.faces().get(i);
            assertEquals(68, s.landmarks().size());
            assertEquals(a.span(), s.span());
            FaceObservation.Box bx = s.box().orElseThrow();
            long inside = s.landmarks().stream().filter(p -> p.x() >= bx.x() - 2 && p.x() <= bx.x() + bx.width() + 2
                    && p.y() >= bx.y() - 2 && p.y() <= bx.y() + bx.height() + 2).count();
            assertTrue(inside >= 60, inside + " of 68 landmarks in the box " + bx);
            // faces that do not move: the aligned crops, and so the expressions, barely change
            assertEquals(a.top().label(), s.top().label(), a + " vs " + s);
        }
    }

    @Test
    void aFaceThatMovesGetsFreshLandmarks() {
        FaceBox b = new FaceBox(100, 100, 100, 100, 1);
        assertFalse(VisionAnalyzer.moved(b, b));
        assertFalse(VisionAnalyzer.moved(b, new FaceBox(105, 96, 100, 100, 1)));
        assertTrue(VisionAnalyzer.moved(b, new FaceBox(112, 100, 100, 100, 1)));
        assertTrue(VisionAnalyzer.moved(b, new FaceBox(94, 94, 112, 112, 1)), "grew by 12%");
    }

    @Test
    void aSwapInTheSameBoxesIsSeenAtOnceHoweverLongTheDescriptorInterval() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(models.descriptors().isPresent(), "the descriptor weights were not generated");
        Path video = swapCutOcclusionVideo();
        // a descriptor every 100 s: only the change of picture in the (unchanged) boxes can reveal the swap
        FaceModels rare = new FaceModels(models.landmarks(), models.descriptors(), models.aligner(),
                models.options().withInterval(100));
        ModalityResult r;
        try (VisionAnalyzer an = analyzer(new SlotDetector(), VisionOptions.defaults().withFps(0).withWindow(0.5), rare)) {
            r = an.analyze(MediaInput.ofFile(video));
        }
        List<FaceObservation> faces = r.faces();
        int pa = at(faces, 0.0, SLOTS[0]).orElseThrow().person();
        int pb = at(faces, 0.0, SLOTS[2]).orElseThrow().person();
        assertTrue(pa != pb, faces.toString());
        assertEquals(pb, at(faces, 1.0, SLOTS[0]).orElseThrow().person(), "the first window after the swap: B on the left");
        assertEquals(pa, at(faces, 1.0, SLOTS[2]).orElseThrow().person(), "A on the right");
        assertEquals(pa, at(faces, 2.5, SLOTS[1]).orElseThrow().person(), "after the cut, A alone in the centre");
    }
}
