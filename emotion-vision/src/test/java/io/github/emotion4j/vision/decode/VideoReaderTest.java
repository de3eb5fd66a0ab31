package io.github.emotion4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.vision.TestMedia;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoReaderTest {
    @TempDir
    Path dir;

    private static List<VideoFrame> readAll(Path f, double fps) throws MediaDecodeException {
        List<VideoFrame> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(f, fps)) {
            for (Optional<VideoFrame> x = r.next(); x.isPresent(); x = r.next()) {
                out.add(x.get());
            }
        }
        return out;
    }

    @Test
    void samplesAtTheRequestedRateOrEveryFrame() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("v.mp4"), TestMedia.mp4(160, 120, 16, 48, 1));
        List<VideoFrame> all = readAll(f, 0);
        assertEquals(48, all.size());
        List<VideoFrame> four = readAll(f, 4);
        assertEquals(12, four.size(), "3 s at 4 fps");
        for (int i = 1; i < four.size(); i++) {
            assertTrue(four.get(i).timeSeconds() > four.get(i - 1).timeSeconds());
            assertEquals(0.25, four.get(i).timeSeconds() - four.get(i - 1).timeSeconds(), 0.07);
        }
        assertEquals(160, all.get(0).image().getWidth());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, all.get(0).image().getType());
    }

    @Test
    void framesAreCopiesNotTheDecoderBuffer() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("moving.mp4"), TestMedia.mp4(160, 120, 16, 8, 1));
        List<VideoFrame> all = readAll(f, 0);
        byte[] first = ((java.awt.image.DataBufferByte) all.get(0).image().getRaster().getDataBuffer()).getData();
        byte[] last = ((java.awt.image.DataBufferByte) all.get(7).image().getRaster().getDataBuffer()).getData();
        assertFalse(Arrays.equals(first, last), "the face moves, so kept frames must differ");
    }

    @ParameterizedTest
    @CsvSource({"mp4,H264", "matroska,MPEG4", "webm,VP8", "avi,MPEG4", "mov,MPEG4"})
    void readsCommonContainersAndCodecs(String format, String codec) throws IOException {
        int id = switch (codec) {
            case "H264" -> avcodec.AV_CODEC_ID_H264;
            case "VP8" -> avcodec.AV_CODEC_ID_VP8;
            default -> avcodec.AV_CODEC_ID_MPEG4;
        };
        String ext = format.equals("matroska") ? "mkv" : format;
        Path f = TestMedia.writeVideo(dir.resolve("v." + ext),
                new TestMedia.VideoSpec(format, id, 128, 96, 10, 10, 1, 0));
        try (VideoReader r = VideoReader.open(f, 0)) {
            assertEquals(128, r.info().width());
            int n = 0;
            while (r.next().isPresent()) {
                n++;
            }
            assertEquals(10, n, format + "/" + codec);
        }
    }

    /** JavaCV pads rows to an aligned stride; widths whose 3*w is not a multiple of the alignment used to fail. */
    @ParameterizedTest
    @CsvSource({"RAWVIDEO,2,2", "H264,16,16", "H264,32,24", "H264,48,32", "H264,66,50", "H264,130,98", "H264,64,48",
            "H264,176,144", "RAWVIDEO,8,6", "Y4M,1,1", "Y4M,7,5", "Y4M,17,9", "Y4M,33,25", "Y4M,131,3"})
    void smallAndOddWidthsAreRead(String codec, int w, int h) throws IOException {
        int id = switch (codec) {
            case "H264" -> avcodec.AV_CODEC_ID_H264;
            case "RAWVIDEO" -> avcodec.AV_CODEC_ID_RAWVIDEO;
            default -> avcodec.AV_CODEC_ID_MPEG4;
        };
        String format = codec.equals("RAWVIDEO") ? "avi" : "mp4";
        // FFmpegFrameRecorder rounds odd widths up to even ones; odd sizes are written as YUV4MPEG by hand
        Path f = codec.equals("Y4M") ? y4m(dir.resolve("w" + w + ".y4m"), w, h, 4)
                : TestMedia.writeVideo(dir.resolve("w" + w + "." + format), new TestMedia.VideoSpec(format, id, w, h, 10, 4, 0, 0));
        List<VideoFrame> all = readAll(f, 0);
        assertEquals(4, all.size(), codec + " " + w + "x" + h);
        BufferedImage img = all.get(0).image();
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        // the blank test frame is a grey gradient: no pixel of the copy may be black padding garbage
        int rgb = img.getRGB(w - 1, h - 1);
        assertTrue((rgb & 0xff) > 40 && (rgb >> 8 & 0xff) > 40, "last pixel is image, not padding: " + Integer.toHexString(rgb));
    }

    /** A YUV4MPEG2 (4:2:0) video of mid-grey frames with a light last pixel; FFmpeg reads any size. */
    private static Path y4m(Path file, int w, int h, int frames) throws IOException {
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < frames; i++) {
            out.writeBytes("FRAME\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] y = new byte[w * h];
            Arrays.fill(y, (byte) 128);
            y[y.length - 1] = (byte) 220;
            out.writeBytes(y);
            byte[] c = new byte[cw * ch];
            Arrays.fill(c, (byte) 128);
            out.writeBytes(c);
            out.writeBytes(c);
        }
        return Files.write(file, out.toByteArray());
    }

    @Test
    void rotationMetadataIsApplied() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("rot.mp4"),
                new TestMedia.VideoSpec("mp4", avcodec.AV_CODEC_ID_MPEG4, 160, 96, 10, 5, 1, 90));
        try (VideoReader r = VideoReader.open(f, 0)) {
            assertTrue(r.info().rotationDegrees() == 90 || r.info().rotationDegrees() == 270, r.info().toString());
            assertEquals(96, r.info().width());
            BufferedImage img = r.next().orElseThrow().image();
            assertEquals(96, img.getWidth());
            assertEquals(160, img.getHeight());
        }
    }

    /** A white block top-left in the coded frame, display rotation 90: the ffmpeg CLI shows it bottom-left. */
    @Test
    void rotationMatchesTheFfmpegCommandLine() throws IOException {
        BufferedImage img = new BufferedImage(160, 96, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics g = img.getGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        Path f = dir.resolve("marker.mp4");
        try (org.bytedeco.javacv.FFmpegFrameRecorder rec = new org.bytedeco.javacv.FFmpegFrameRecorder(f.toFile(), 160, 96, 0);
             org.bytedeco.javacv.Java2DFrameConverter c = new org.bytedeco.javacv.Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(10);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            rec.setDisplayRotation(90);
            rec.start();
            for (int i = 0; i < 3; i++) {
                rec.record(c.convert(img));
            }
            rec.stop();
        }
        try (VideoReader r = VideoReader.open(f, 0)) {
            BufferedImage o = r.next().orElseThrow().image();
            int h = o.getHeight();
            assertTrue((o.getRGB(5, h - 5) & 0xff) > 200, "marker bottom-left");
            assertTrue((o.getRGB(o.getWidth() - 5, 5) & 0xff) < 50, "not top-right");
        }
    }

    @Test
    void rotatesClockwise() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0xffffff);
        BufferedImage r = VideoReader.rotate(img, 90);
        assertEquals(2, r.getWidth());
        assertEquals(3, r.getHeight());
        assertEquals(0xffffff, r.getRGB(1, 0) & 0xffffff, "top-left goes to top-right");
        assertEquals(0xffffff, VideoReader.rotate(img, 180).getRGB(2, 1) & 0xffffff);
        assertEquals(0xffffff, VideoReader.rotate(img, 270).getRGB(0, 2) & 0xffffff);
        assertEquals(270, VideoReader.normalizeRotation(90.0));
        assertEquals(90, VideoReader.normalizeRotation(-90.0));
    }

    @Test
    void truncatedEmptyAndGarbageVideosFailNamingTheFile() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("full.mp4"), TestMedia.mp4(160, 120, 16, 16, 1));
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> readAll(cut, 0));
        assertTrue(e.getMessage().contains("cut.mp4"), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThrows(MediaDecodeException.class, () -> VideoReader.open(empty, 4));
        Path garbage = dir.resolve("garbage.avi");
        Files.write(garbage, new byte[4096]);
        assertThrows(MediaDecodeException.class, () -> readAll(garbage, 4));
    }

    @ParameterizedTest
    @CsvSource({"matroska,MPEG4,0.3", "matroska,MPEG4,0.6", "avi,MPEG4,0.3", "avi,MPEG4,0.6", "webm,VP8,0.3",
            "webm,VP8,0.6", "mov,MPEG4,0.6"})
    void truncatedVideosAreNotedOrThrownWhenStrict(String format, String codec, double keep) throws IOException {
        int id = codec.equals("VP8") ? avcodec.AV_CODEC_ID_VP8 : avcodec.AV_CODEC_ID_MPEG4;
        String ext = format.equals("matroska") ? "mkv" : format;
        Path full = TestMedia.writeVideo(dir.resolve("full." + ext), new TestMedia.VideoSpec(format, id, 128, 96, 10, 60, 1, 0));
        try (VideoReader r = VideoReader.open(full, 0)) {
            int n = 0;
            while (r.next().isPresent()) {
                n++;
            }
            assertEquals(60, n);
            assertTrue(r.notes().isEmpty(), "a whole video has no notes: " + r.notes());
        }
        byte[] all = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut." + ext), Arrays.copyOf(all, (int) (all.length * keep)));
        try (VideoReader r = VideoReader.open(cut, 0)) {
            while (r.next().isPresent()) {
                // read to the end
            }
            assertTrue(r.notes().stream().anyMatch(x -> x.startsWith("file looks truncated")), format + ": " + r.notes());
        } catch (MediaDecodeException e) {
            // a container whose index is gone may refuse the file outright: also not silent
            assertTrue(e.getMessage().contains("cut." + ext), e.getMessage());
            return;
        }
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> {
            try (VideoReader r = VideoReader.open(cut, 0, true)) {
                while (r.next().isPresent()) {
                    // read to the end
                }
            }
        });
        assertTrue(e.getMessage().contains("cut." + ext) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void audioOnlyMediaIsNoVideoStreamButGarbageIsCorrupt() throws Exception {
        Path m4a = dir.resolve("voice.mp4");
        try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(m4a.toFile(), 1)) {
            r.setFormat("mp4");
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(16000);
            r.start();
            r.recordSamples(16000, 1, java.nio.FloatBuffer.wrap(new float[16000]));
            r.stop();
        }
        NoVideoStreamException e = assertThrows(NoVideoStreamException.class, () -> VideoReader.open(m4a, 4));
        assertTrue(e.getMessage().contains("voice.mp4") && e.getMessage().contains("no video stream"), e.getMessage());
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xFF);
        for (byte[] g : new byte[][] {{1}, new byte[4096], ones}) {
            for (String ext : new String[] {"mp4", "mkv", "avi", "webm"}) {
                Path f = Files.write(dir.resolve("garbage" + g.length + "." + ext), g);
                MediaDecodeException x = assertThrows(MediaDecodeException.class, () -> readAll(f, 4), f.toString());
                assertFalse(x instanceof NoVideoStreamException, f + ": " + x.getMessage());
            }
        }
    }

    @Test
    void videoWithoutFramesFails() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("zero.mkv"),
                new TestMedia.VideoSpec("matroska", avcodec.AV_CODEC_ID_MPEG4, 64, 48, 10, 0, 1, 0));
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> readAll(f, 0));
        assertTrue(e.getMessage().contains("zero.mkv"), e.getMessage());
    }

    @Test
    void unknownCodecIsUnsupported() throws IOException {
        Path f = TestMedia.writeVideo(dir.resolve("v.avi"), TestMedia.mp4(64, 48, 10, 5, 1).withFormat("avi"));
        byte[] b = Files.readAllBytes(f);
        // replace every MPEG-4 FourCC ("FMP4"/"XVID"/"mp4v"...) the muxer wrote with one no decoder knows
        int replaced = 0;
        for (String cc : new String[] {"FMP4", "XVID", "DIVX", "DX50", "mp4v", "MP4V"}) {
            byte[] pat = cc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i + 4 <= b.length; i++) {
                if (b[i] == pat[0] && b[i + 1] == pat[1] && b[i + 2] == pat[2] && b[i + 3] == pat[3]) {
                    b[i] = 'Q';
                    b[i + 1] = 'Z';
                    b[i + 2] = 'Q';
                    b[i + 3] = 'Z';
                    replaced++;
                }
            }
        }
        assertTrue(replaced > 0, "the AVI holds a FourCC to replace");
        Path bad = dir.resolve("unknown-codec.avi");
        Files.write(bad, b);
        UnsupportedMediaException e = assertThrows(UnsupportedMediaException.class, () -> readAll(bad, 0));
        assertTrue(e.getMessage().contains("unknown-codec.avi"), e.getMessage());
    }
}
