package io.github.emotion4j.audio.decode;

import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes test media with JavaCV's FFmpegFrameRecorder. */
public final class MediaFiles {
    private MediaFiles() {
    }

    /** Encodes mono samples with a format and codec, e.g. ("flac", AV_CODEC_ID_FLAC). */
    public static Path audio(Path file, float[] samples, int rate, int channels, String format, int codec) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), channels)) {
            r.setFormat(format);
            r.setAudioCodec(codec);
            r.setSampleRate(rate);
            r.setAudioBitrate(96_000);
            r.start();
            int block = 4096;
            for (int i = 0; i < samples.length; i += block) {
                int n = Math.min(block, samples.length - i);
                short[] s = new short[n * channels];
                for (int k = 0; k < n; k++) {
                    for (int c = 0; c < channels; c++) {
                        s[k * channels + c] = (short) Math.round(Math.max(-1, Math.min(1, samples[i + k])) * 32767);
                    }
                }
                r.recordSamples(rate, channels, ShortBuffer.wrap(s));
            }
            r.stop();
        }
        return file;
    }

    /** Encodes two different channels (left, right), e.g. ("flac", AV_CODEC_ID_FLAC). */
    public static Path stereo(Path file, float[] left, float[] right, int rate, String format, int codec) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 2)) {
            r.setFormat(format);
            r.setAudioCodec(codec);
            r.setSampleRate(rate);
            r.start();
            int block = 4096;
            for (int i = 0; i < left.length; i += block) {
                int n = Math.min(block, left.length - i);
                short[] s = new short[n * 2];
                for (int k = 0; k < n; k++) {
                    s[2 * k] = (short) Math.round(Math.max(-1, Math.min(1, left[i + k])) * 32767);
                    s[2 * k + 1] = (short) Math.round(Math.max(-1, Math.min(1, right[i + k])) * 32767);
                }
                r.recordSamples(rate, 2, ShortBuffer.wrap(s));
            }
            r.stop();
        }
        return file;
    }

    /**
     * Encodes one array per channel (interleaved 16-bit), e.g. ("flac", AV_CODEC_ID_FLAC); a
     * bitrate of 0 keeps the encoder's default.
     */
    public static Path channels(Path file, float[][] channels, int rate, String format, int codec, int bitrate)
            throws Exception {
        int ch = channels.length;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), ch)) {
            r.setFormat(format);
            r.setAudioCodec(codec);
            r.setSampleRate(rate);
            if (bitrate > 0) {
                r.setAudioBitrate(bitrate);
            }
            r.start();
            int block = 4096;
            int len = channels[0].length;
            for (int i = 0; i < len; i += block) {
                int n = Math.min(block, len - i);
                short[] s = new short[n * ch];
                for (int k = 0; k < n; k++) {
                    for (int c = 0; c < ch; c++) {
                        s[k * ch + c] = (short) Math.round(Math.max(-1, Math.min(1, channels[c][i + k])) * 32767);
                    }
                }
                r.recordSamples(rate, ch, ShortBuffer.wrap(s));
            }
            r.stop();
        }
        return file;
    }

    /** An MP4 (MPEG-4 video) of {@code seconds}, with an AAC track of {@code audio} when it is not null. */
    public static Path video(Path file, double seconds, float[] audio, int rate) throws Exception {
        int w = 64;
        int h = 48;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, audio == null ? 0 : 1)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setFrameRate(10);
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            if (audio != null) {
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(rate);
                r.setAudioBitrate(96_000);
            }
            r.start();
            int frames = (int) Math.round(seconds * 10);
            Frame img = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            java.nio.ByteBuffer px = (java.nio.ByteBuffer) img.image[0];
            int perFrame = rate / 10;
            for (int f = 0; f < frames; f++) {
                for (int i = 0; i < px.capacity(); i++) {
                    px.put(i, (byte) ((i + f * 7) & 0xFF));
                }
                r.record(img);
                if (audio != null) {
                    int from = f * perFrame;
                    int n = Math.max(0, Math.min(perFrame, audio.length - from));
                    if (n > 0) {
                        float[] chunk = java.util.Arrays.copyOfRange(audio, from, from + n);
                        r.recordSamples(rate, 1, FloatBuffer.wrap(chunk));
                    }
                }
            }
            r.stop();
        }
        return file;
    }
}
