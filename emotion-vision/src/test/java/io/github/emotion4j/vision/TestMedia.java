package io.github.emotion4j.vision;

import io.github.emotion4j.core.TestData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Media the tests generate: synthetic frames and short videos written with FFmpegFrameRecorder. */
public final class TestMedia {
    private TestMedia() {
    }

    /** The committed public-domain face crop (NASA photo of Eileen Collins, see src-test-data/README.md). */
    public static BufferedImage astronautFace() {
        return read("vision/astronaut-face.jpg");
    }

    /** The whole committed astronaut photo, 320x320. */
    public static BufferedImage astronautPhoto() {
        return read("vision/astronaut.jpg");
    }

    private static BufferedImage read(String rel) {
        try {
            BufferedImage img = ImageIO.read(TestData.resolve(rel).toFile());
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            out.getGraphics().drawImage(img, 0, 0, null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A frame of a grey gradient with no face. */
    public static BufferedImage blank(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(90, 90, 100), w, h, new Color(160, 150, 140)));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /**
     * A frame with {@code faces} copies of the astronaut face (each {@code faceSide} pixels) on a plain
     * background, shifted right by {@code dx}.
     */
    public static BufferedImage faceFrame(int w, int h, int faces, int faceSide, int dx) {
        BufferedImage img = blank(w, h);
        BufferedImage face = astronautFace();
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int gap = w / faces;
        for (int i = 0; i < faces; i++) {
            int x = i * gap + (gap - faceSide) / 2 + dx;
            g.drawImage(face, x, (h - faceSide) / 2, faceSide, faceSide, null);
        }
        g.dispose();
        return img;
    }

    /** Video settings. */
    public record VideoSpec(String format, int codec, int width, int height, double fps, int frames, int faces,
                            double rotation) {
        /** The same video in another container. */
        public VideoSpec withFormat(String f) {
            return new VideoSpec(f, codec, width, height, fps, frames, faces, rotation);
        }
    }

    /** An MPEG-4 Part 2 MP4 with one face, the default test video. */
    public static VideoSpec mp4(int w, int h, double fps, int frames, int faces) {
        return new VideoSpec("mp4", avcodec.AV_CODEC_ID_MPEG4, w, h, fps, frames, faces, 0);
    }

    /** Writes a video; faces move right by one pixel per frame; {@code faces == 0} writes blank frames. */
    public static Path writeVideo(Path file, VideoSpec spec) throws IOException {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), spec.width(), spec.height(), 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat(spec.format());
            r.setVideoCodec(spec.codec());
            r.setFrameRate(spec.fps());
            r.setVideoQuality(4);
            r.setPixelFormat(spec.codec() == avcodec.AV_CODEC_ID_RAWVIDEO ? org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24
                    : org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            if (spec.rotation() != 0) {
                r.setDisplayRotation(spec.rotation());
            }
            r.start();
            int side = Math.min(spec.height() * 2 / 3, spec.width() / Math.max(1, spec.faces()) - 8);
            for (int i = 0; i < spec.frames(); i++) {
                BufferedImage img = spec.faces() == 0 ? blank(spec.width(), spec.height())
                        : faceFrame(spec.width(), spec.height(), spec.faces(), side, i % 16);
                r.record(conv.convert(img));
            }
            r.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException("cannot write test video " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * A PNG of zeros, {@code w x h}, grey or RGB 8-bit, with only its first {@code rows} rows of data
     * ({@code 0}: a header and no IDAT at all), written chunk by chunk, never holding the image.
     */
    public static void writeBlankPng(Path f, int w, int h, boolean colour, int rows) throws IOException {
        try (OutputStream raw = Files.newOutputStream(f); DataOutputStream out = new DataOutputStream(raw)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.write(new byte[] {8, (byte) (colour ? 2 : 0), 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            if (rows > 0) {
                ByteArrayOutputStream idat = new ByteArrayOutputStream();
                try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
                    byte[] row = new byte[w * (colour ? 3 : 1) + 1];
                    for (int y = 0; y < rows; y++) {
                        z.write(row);
                    }
                }
                chunk(out, "IDAT", idat.toByteArray());
            }
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
