package io.github.emotion4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.core.testing.Modules;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio + vision through {@link EmotionRecognizer}: a file is read for every stream it has (a
 * missing stream is a warning of that modality), garbage is an error, truncation a warning or,
 * with {@link EmotionRecognizer.Builder#strictDecoding()}, an error.
 */
@Timeout(300)
class DamagedAndPartialMediaTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void modules() {
        assumeTrue(Modules.present(Modality.AUDIO) && Modules.present(Modality.VISION), "audio and vision modules needed");
    }

    private static EmotionRecognizer recognizer(boolean strict) throws Exception {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.AUDIO, Modality.VISION);
        return (strict ? b.strictDecoding() : b).build();
    }

    /** A voiced, speech-like signal: a 150 Hz pulse train with harmonics and a syllable envelope. */
    private static float[] voice(double seconds, int rate) {
        float[] s = new float[(int) (seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            double t = i / (double) rate;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(2 * Math.PI * 150 * (1 + 0.05 * Math.sin(2 * Math.PI * 0.7 * t)) * h * t) / h;
            }
            s[i] = (float) (0.25 * env * v);
        }
        return s;
    }

    /** Writes audio (AAC) and, when {@code frames > 0} or {@code videoStream}, a 64x48 MPEG-4 video stream. */
    private static Path write(Path file, String format, boolean videoStream, int frames, double seconds) throws Exception {
        int rate = 16000;
        float[] audio = voice(seconds, rate);
        try (FFmpegFrameRecorder r = videoStream ? new FFmpegFrameRecorder(file.toFile(), 64, 48, 1)
                : new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setFormat(format);
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(rate);
            r.setAudioBitrate(64_000);
            if (videoStream) {
                r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                r.setFrameRate(10);
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            }
            r.start();
            Frame img = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
            int perFrame = rate / 10;
            int chunks = (int) Math.ceil(audio.length / (double) perFrame);
            for (int f = 0; f < chunks; f++) {
                if (f < frames) {
                    java.nio.ByteBuffer px = (java.nio.ByteBuffer) img.image[0];
                    for (int i = 0; i < px.capacity(); i++) {
                        px.put(i, (byte) ((i + f * 7) & 0xFF));
                    }
                    r.record(img);
                }
                int from = f * perFrame;
                int n = Math.min(perFrame, audio.length - from);
                r.recordSamples(rate, 1, FloatBuffer.wrap(Arrays.copyOfRange(audio, from, from + n)));
            }
            r.stop();
        }
        return file;
    }

    @Test
    void audioOnlyMp4AndMkvWithoutFramesAreReadForTheirAudio() throws Exception {
        Path mp4 = write(dir.resolve("voice-only.mp4"), "mp4", false, 0, 3.0);
        Path m4a = Files.copy(mp4, dir.resolve("voice-only.m4a"));
        Path mkv = write(dir.resolve("no-frames.mkv"), "matroska", true, 0, 3.0);
        try (EmotionRecognizer r = recognizer(false)) {
            ModalityResult reference = r.predict(MediaInput.ofFile(m4a)).modality(Modality.AUDIO).orElseThrow();
            for (Path f : new Path[] {mp4, mkv}) {
                EmotionPrediction p = r.predict(MediaInput.ofFile(f));
                ModalityResult vision = p.modality(Modality.VISION).orElseThrow();
                assertFalse(vision.hasEvidence(), f.toString());
                assertTrue(vision.warnings().stream().anyMatch(w -> w.contains("no video stream")), vision.warnings().toString());
                ModalityResult audio = p.modality(Modality.AUDIO).orElseThrow();
                assertTrue(audio.warnings().stream().noneMatch(w -> w.contains("no audio track")), audio.warnings().toString());
                assertTrue(audio.hasEvidence() == reference.hasEvidence(), f + ": " + audio.warnings() + " vs .m4a "
                        + reference.warnings());
            }
        }
    }

    @Test
    void aFileWithoutAnyStreamTheRecognizerReadsIsUnsupported() throws Exception {
        Path mp4 = write(dir.resolve("voice-only-2.mp4"), "mp4", false, 0, 1.0);
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION).build()) {
            UnsupportedMediaException e = assertThrows(UnsupportedMediaException.class, () -> r.predict(MediaInput.ofFile(mp4)));
            assertTrue(e.getMessage().contains("voice-only-2.mp4") && e.getMessage().contains("no video stream"), e.getMessage());
        }
    }

    @Test
    void garbageInAVideoContainerIsAnError() throws Exception {
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xFF);
        try (EmotionRecognizer r = recognizer(false)) {
            for (byte[] g : new byte[][] {{7}, new byte[4096], ones}) {
                Path f = Files.write(dir.resolve("garbage" + g.length + ".mp4"), g);
                MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> r.predict(MediaInput.ofFile(f)));
                assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
            }
        }
    }

    @Test
    void truncatedVideoWarnsAndStrictDecodingThrows() throws Exception {
        Path full = write(dir.resolve("full.mkv"), "matroska", true, 60, 6.0);
        byte[] all = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(all, (int) (all.length * 0.4)));
        try (EmotionRecognizer r = recognizer(false)) {
            EmotionPrediction whole = r.predict(MediaInput.ofFile(full));
            assertTrue(whole.warnings().stream().noneMatch(w -> w.contains("truncated")), whole.warnings().toString());
            EmotionPrediction p = r.predict(MediaInput.ofFile(cut));
            assertTrue(p.warnings().stream().anyMatch(w -> w.contains("file looks truncated")), p.warnings().toString());
        }
        try (EmotionRecognizer r = recognizer(true)) {
            r.predict(MediaInput.ofFile(full));
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> r.predict(MediaInput.ofFile(cut)));
            assertTrue(e.getMessage().contains("cut.mkv") && e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
