package io.github.emotion4j.fuzz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The small valid inputs the fuzzer starts from, made here (nothing is read from the
 * repository): a voiced tone as WAV, FLAC, MP3, Ogg/Opus and M4A, a face-like drawing as PNG and
 * JPEG, a short MP4 with picture and sound, and text, SRT and WebVTT. A codec this FFmpeg build
 * cannot encode is skipped.
 */
public final class SeedMedia {
    private SeedMedia() {
    }

    /** Writes the seeds into {@code dir} and returns them. */
    public static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<Path> out = new ArrayList<>();
        float[] voice = voice(16000, 1.5);
        out.add(Files.write(dir.resolve("seed.wav"), wav(voice, 16000, 1)));
        out.add(Files.write(dir.resolve("seed-stereo.wav"), wav(voice, 16000, 2)));
        tryAdd(out, () -> audio(dir.resolve("seed.flac"), voice, 16000, "flac", avcodec.AV_CODEC_ID_FLAC));
        tryAdd(out, () -> audio(dir.resolve("seed.mp3"), voice, 16000, "mp3", avcodec.AV_CODEC_ID_MP3));
        tryAdd(out, () -> audio(dir.resolve("seed.m4a"), voice, 16000, "ipod", avcodec.AV_CODEC_ID_AAC));
        tryAdd(out, () -> audio(dir.resolve("seed.opus"), voice, 48000, "ogg", avcodec.AV_CODEC_ID_OPUS));
        BufferedImage face = face(160, 160);
        Path png = dir.resolve("seed.png");
        ImageIO.write(face, "png", png.toFile());
        out.add(png);
        Path jpg = dir.resolve("seed.jpg");
        ImageIO.write(face, "jpg", jpg.toFile());
        out.add(jpg);
        tryAdd(out, () -> video(dir.resolve("seed.mp4"), face, voice));
        out.add(Files.writeString(dir.resolve("seed.txt"), "I am so happy today. Why did you lie to me?\n",
                StandardCharsets.UTF_8));
        out.add(Files.writeString(dir.resolve("seed.srt"), "1\n00:00:00,000 --> 00:00:01,200\nWhat a lovely surprise!\n\n"
                + "2\n00:00:01,300 --> 00:00:02,500\nI hate waiting.\n", StandardCharsets.UTF_8));
        out.add(Files.writeString(dir.resolve("seed.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.200\n<v Ann>What a lovely surprise!\n\n"
                + "00:01.300 --> 00:02.500\nI am scared.\n", StandardCharsets.UTF_8));
        return out;
    }

    private interface Maker {
        Path make() throws Exception;
    }

    private static void tryAdd(List<Path> out, Maker m) {
        try {
            out.add(m.make());
        } catch (Exception | LinkageError e) {
            // this FFmpeg build cannot write that format: the fuzzer runs without that seed
        }
    }

    /** A voiced, pitch-gliding tone with a little noise, in [-1, 1]. */
    static float[] voice(int rate, double seconds) {
        float[] s = new float[(int) (rate * seconds)];
        java.util.Random rnd = new java.util.Random(7);
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / rate;
            double f0 = 180 + 40 * Math.sin(2 * Math.PI * 1.3 * t);
            phase += 2 * Math.PI * f0 / rate;
            double env = Math.min(1, t * 8) * Math.min(1, (seconds - t) * 8);
            s[i] = (float) (env * (0.5 * Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase))
                    + 0.01 * rnd.nextGaussian());
        }
        return s;
    }

    /** 16-bit PCM WAV bytes; every channel carries the same samples. */
    public static byte[] wav(float[] samples, int rate, int channels) {
        return wav(samples, rate, channels, 16);
    }

    /** PCM WAV bytes with 8, 16, 24 or 32 bits per sample (integer PCM). */
    public static byte[] wav(float[] samples, int rate, int channels, int bits) {
        int bytesPer = bits / 8;
        int data = samples.length * channels * bytesPer;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bytesPer).putShort((short) (channels * bytesPer)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        for (float v : samples) {
            double x = Math.max(-1, Math.min(1, v));
            for (int c = 0; c < channels; c++) {
                switch (bits) {
                    case 8 -> b.put((byte) (Math.round(x * 127) + 128));
                    case 24 -> {
                        int q = (int) Math.round(x * 8_388_607);
                        b.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
                    }
                    case 32 -> b.putInt((int) Math.round(x * 2_147_483_647.0));
                    default -> b.putShort((short) Math.round(x * 32767));
                }
            }
        }
        return b.array();
    }

    /** A light, face-like drawing (oval, eyes, brows, smiling mouth). */
    static BufferedImage face(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(90, 110, 140));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(224, 186, 160));
        g.fillOval(w / 5, h / 8, 3 * w / 5, 3 * h / 4);
        g.setColor(new Color(40, 30, 30));
        g.fillOval(w * 37 / 100, h * 38 / 100, w / 12, h / 16);
        g.fillOval(w * 55 / 100, h * 38 / 100, w / 12, h / 16);
        g.setStroke(new BasicStroke(Math.max(1, w / 60f)));
        g.drawLine(w * 34 / 100, h * 32 / 100, w * 46 / 100, h * 31 / 100);
        g.drawLine(w * 54 / 100, h * 31 / 100, w * 66 / 100, h * 32 / 100);
        g.drawArc(w * 40 / 100, h * 55 / 100, w / 5, h / 8, 200, 140);
        g.dispose();
        return img;
    }

    private static Path audio(Path file, float[] samples, int rate, String format, int codec) throws Exception {
        float[] resampled = rate == 16000 ? samples : voice(rate, 1.5);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setFormat(format);
            r.setAudioCodec(codec);
            r.setSampleRate(rate);
            r.setAudioBitrate(64_000);
            r.start();
            short[] s = new short[resampled.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) Math.round(Math.max(-1, Math.min(1, resampled[i])) * 32767);
            }
            r.recordSamples(rate, 1, ShortBuffer.wrap(s));
            r.stop();
        }
        return file;
    }

    private static Path video(Path file, BufferedImage face, float[] voice) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), face.getWidth(), face.getHeight(), 1);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(10);
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(16000);
            r.setAudioBitrate(64_000);
            r.start();
            int perFrame = 1600;
            for (int f = 0; f < 15; f++) {
                r.record(conv.convert(face));
                float[] chunk = java.util.Arrays.copyOfRange(voice, f * perFrame, Math.min(voice.length, (f + 1) * perFrame));
                r.recordSamples(16000, 1, java.nio.FloatBuffer.wrap(chunk));
            }
            r.stop();
        }
        return file;
    }
}
