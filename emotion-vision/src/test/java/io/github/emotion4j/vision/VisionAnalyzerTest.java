package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionAnalyzerTest {
    private static EngineRuntime runtime;
    private static VisionAnalyzer analyzer;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        analyzer = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()));
    }

    @AfterAll
    static void close() {
        analyzer.close();
        analyzer.close();
        runtime.close();
    }

    @Test
    void audioOnlyVideoFileIsAWarningAndATruncatedVideoIsFlagged() throws Exception {
        Path mp4 = dir.resolve("voice.mp4");
        try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(mp4.toFile(), 1)) {
            r.setFormat("mp4");
            r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(16000);
            r.start();
            r.recordSamples(16000, 1, java.nio.FloatBuffer.wrap(new float[16000]));
            r.stop();
        }
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(mp4));
        assertFalse(r.hasEvidence());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("no video stream") && w.contains("voice.mp4")),
                r.warnings().toString());
        Path full = TestMedia.writeVideo(dir.resolve("full.mkv"), new TestMedia.VideoSpec("matroska",
                org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4, 128, 96, 10, 40, 1, 0));
        byte[] all = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(all, all.length / 2));
        assertFalse(analyzer.analyze(MediaInput.ofFile(full)).details().containsKey("decode.truncated"));
        ModalityResult c = analyzer.analyze(MediaInput.ofFile(cut));
        assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("file looks truncated")), c.warnings().toString());
        assertEquals(1.0, c.details().get("decode.truncated"));
    }

    @Test
    void photoWithAFace() throws IOException {
        Path f = dir.resolve("astronaut.png");
        ImageIO.write(TestMedia.astronautPhoto(), "png", f.toFile());
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(f));
        assertTrue(r.hasEvidence(), r.warnings().toString());
        assertEquals("happiness", r.distribution().orElseThrow().top().label().word());
        assertEquals(1.0, r.details().get("faces"));
        assertEquals(1, r.embeddings().size());
        assertEquals(7, r.embeddings().get(0).dimension());
        assertEquals("face-expression-net", r.models().get(0).id());
        assertFalse(r.cues().isEmpty());
    }

    @Test
    void inMemoryImagesAndFaceCrops() throws IOException {
        ModalityResult r = analyzer.analyze(MediaInput.ofImage(TestMedia.astronautPhoto()));
        assertTrue(r.hasEvidence());
        // a small crop the detector may miss is read as a face crop (vision.detect=auto)
        BufferedImage small = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
        small.getGraphics().drawImage(TestMedia.astronautFace(), 0, 0, 48, 48, null);
        ModalityResult c = analyzer.analyze(MediaInput.ofImage(small));
        assertTrue(c.hasEvidence());
        List<FaceExpression> crops = analyzer.precropped(List.of(TestMedia.astronautFace(), small));
        assertEquals(2, crops.size());
        assertTrue(crops.get(0).box().isEmpty());
    }

    @Test
    void noFaceIsAResultNotAnException() throws IOException {
        ModalityResult r = analyzer.analyze(MediaInput.ofImage(TestMedia.blank(320, 240)));
        assertFalse(r.hasEvidence());
        assertTrue(r.warnings().get(0).contains(VisionAnalyzer.NO_FACE), r.warnings().toString());
        // a small uniform image is not taken as a face crop either
        BufferedImage white = new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics g = white.getGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        assertFalse(analyzer.analyze(MediaInput.ofImage(white)).hasEvidence());
        Path v = TestMedia.writeVideo(dir.resolve("empty-room.mp4"), TestMedia.mp4(160, 120, 8, 16, 0));
        ModalityResult rv = analyzer.analyze(MediaInput.ofFile(v));
        assertFalse(rv.hasEvidence());
        assertTrue(rv.warnings().get(0).contains(VisionAnalyzer.NO_FACE));
    }

    @Test
    void badMediaGivesTypedExceptionsNamingTheFile() throws IOException {
        Path tiny = dir.resolve("tiny.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(tiny)));
        assertTrue(e.getMessage().contains("tiny.png"));
        Path video = TestMedia.writeVideo(dir.resolve("ok.mp4"), TestMedia.mp4(160, 120, 8, 8, 1));
        byte[] all = Files.readAllBytes(video);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(cut)));
        assertTrue(e.getMessage().contains("cut.mp4"));
        assertFalse(analyzer.accepts(MediaInput.ofText("hello")));
    }

    @Test
    void videoGivesOneTimelinePerPerson() throws IOException {
        Path v = TestMedia.writeVideo(dir.resolve("two.mp4"), TestMedia.mp4(480, 240, 8, 40, 2));
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(v));
        assertTrue(r.hasEvidence(), r.warnings().toString());
        Set<String> sources = r.segments().stream().map(Segment::source).collect(Collectors.toSet());
        assertEquals(Set.of("face#1", "face#2"), sources, "two people, one track each");
        // 5 s at 4 fps in 2 s windows: 3 windows per person
        assertEquals(6, r.segments().size(), r.segments().toString());
        assertEquals(6, r.embeddings().size());
        assertEquals(14, r.embeddings().get(0).dimension(), "lifting clip embedding: context + dynamics");
        assertEquals(20.0, r.details().get("frames.sampled"));
        assertEquals("happiness", r.distribution().orElseThrow().top().label().word());
        for (Segment s : r.segments()) {
            assertTrue(s.span().end() > s.span().start());
        }
    }

    @Test
    void largestFaceOnlyAndEveryFrame() throws Exception {
        Path v = TestMedia.writeVideo(dir.resolve("two-small.mp4"), TestMedia.mp4(480, 240, 8, 16, 2));
        try (VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(),
                Map.of("vision.faces", "largest", "vision.fps", "0", "vision.window", "1", "vision.dynamics", "mean")))) {
            ModalityResult r = a.analyze(MediaInput.ofFile(v));
            assertEquals(16.0, r.details().get("frames.sampled"));
            // one face per frame; the two faces are the same size, so "largest" may switch between them
            assertTrue(r.segments().stream().map(Segment::source).distinct().count() <= 2);
            double segments = r.details().get("segments");
            assertTrue(segments >= 2 && segments <= 4, "two 1 s windows: " + segments);
            assertEquals(16.0, r.details().get("frames.withFace"));
        }
        assertThrows(IllegalArgumentException.class, () -> VisionOptions.from(new AnalyzerContext(runtime, Map.of(),
                Map.of("vision.faces", "some"))));
    }

    @Test
    void optionsAreCheckedAtBuild() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.fsp", "4").build());
        assertTrue(unknown.getMessage().contains("unknown option 'vision.fsp'"), unknown.getMessage());
        for (String key : List.of("vision.fps (", "vision.faces (", "vision.window (", "vision.margin (", "vision.detect (",
                "vision.dynamics (", "vision.dynamics.weights (")) {
            assertTrue(unknown.getMessage().contains(key), key + " in " + unknown.getMessage());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.detect", "sometimes").build());
        assertTrue(bad.getMessage().contains("vision.detect='sometimes'") && bad.getMessage().contains("[auto, always, never]"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new VisionAnalyzerProvider()).option("vision.margin", "2").build());
        assertEquals(VisionOptions.defaults().withFps(0).withDetect(VisionOptions.Detect.NEVER), VisionOptions.from(
                new AnalyzerContext(runtime, Map.of(), Map.of("vision.fps", "0", "vision.detect", "Never"))));
    }

    @Test
    void registeredForTheRecognizer() throws Exception {
        try (EmotionRecognizer rec = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION)
                .option("vision.fps", "2").build()) {
            EmotionPrediction p = rec.predict(MediaInput.ofImage(TestMedia.astronautPhoto()));
            assertEquals("happiness", p.top().label().word());
            assertTrue(p.modality(Modality.VISION).isPresent());
        }
    }
}
