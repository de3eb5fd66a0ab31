package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Any format FFmpeg reads (FLAC, MP3, OGG/Opus, M4A/AAC, the audio track of a video ...),
 * decoded to mono float by FFmpeg's swresample (downmix only; the rate is converted by
 * {@link Resampler} like every other path). JavaCV reuses its frame buffers, so samples are
 * copied out at once. Errors become {@link MediaDecodeException}s naming the file.
 */
final class FfmpegSource implements MonoSource {
    /** Frames in a row without a single sample after which the file is declared broken. */
    private static final int MAX_EMPTY_FRAMES = 20_000;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final int rate;
    private final int channels;
    private float[] carry = new float[0];
    private int carryPos;
    private boolean ended;
    private boolean closed;

    private FfmpegSource(String name, FFmpegFrameGrabber grabber, int rate, int channels) {
        this.name = name;
        this.grabber = grabber;
        this.rate = rate;
        this.channels = channels;
    }

    static FfmpegSource open(Path file) throws MediaDecodeException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new MediaDecodeException(name, Files.exists(file) ? "not a regular file" : "no such file");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        try {
            g.start(true);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new MediaDecodeException(name, "FFmpeg cannot read the file (corrupt, truncated or not a media file): "
                    + e.getMessage(), e);
        }
        if (!g.hasAudio() || g.getAudioChannels() <= 0) {
            release(g);
            throw new NoAudioTrackException(name);
        }
        int channels = g.getAudioChannels();
        int rate = g.getSampleRate();
        if (rate <= 0) {
            release(g);
            throw new MediaDecodeException(name, "the audio track reports sample rate " + rate);
        }
        // downmix in swresample; keep the source rate
        g.setAudioChannels(1);
        return new FfmpegSource(name, g, rate, channels);
    }

    @Override
    public String source() {
        return name;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int read(float[] dst) throws MediaDecodeException {
        int empty = 0;
        while (carryPos >= carry.length) {
            if (ended) {
                return -1;
            }
            Frame f;
            try {
                f = grabber.grabSamples();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new MediaDecodeException(name, "FFmpeg failed while decoding audio: " + e.getMessage(), e);
            }
            if (f == null) {
                ended = true;
                return -1;
            }
            carry = copy(f);
            carryPos = 0;
            if (carry.length == 0 && ++empty > MAX_EMPTY_FRAMES) {
                throw new MediaDecodeException(name, "FFmpeg returned " + MAX_EMPTY_FRAMES
                        + " audio frames without samples; the file looks corrupt");
            }
        }
        int n = Math.min(dst.length, carry.length - carryPos);
        System.arraycopy(carry, carryPos, dst, 0, n);
        carryPos += n;
        return n;
    }

    private static float[] copy(Frame f) {
        if (f.samples == null || f.samples.length == 0) {
            return new float[0];
        }
        Buffer b = f.samples[0];
        if (!(b instanceof FloatBuffer fb)) {
            return new float[0];
        }
        FloatBuffer d = fb.duplicate();
        d.rewind();
        int ch = Math.max(1, f.audioChannels);
        float[] all = new float[d.remaining()];
        d.get(all);
        if (ch == 1 || f.samples.length > 1) {
            return all;
        }
        // interleaved despite the mono request: average the channels here
        float[] mono = new float[all.length / ch];
        for (int i = 0; i < mono.length; i++) {
            double s = 0;
            for (int c = 0; c < ch; c++) {
                s += all[i * ch + c];
            }
            mono[i] = (float) (s / ch);
        }
        return mono;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(grabber);
        }
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing a half-opened grabber can fail; nothing to do
        }
    }
}
