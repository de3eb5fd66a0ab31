package io.github.emotion4j.live.internal;

import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.decode.Resampler;
import io.github.emotion4j.live.LiveSource;
import io.github.emotion4j.live.LiveSourceException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Cameras (V4L2), network streams, files and FFmpeg input devices through JavaCV's
 * {@link FFmpegFrameGrabber}. Frames are sampled at the session's fps and copied out of FFmpeg's
 * reused buffer only when kept; audio is downmixed by FFmpeg and resampled to 16 kHz here. A file
 * read at real-time pace sleeps until each item's timestamp is due.
 */
final class FfmpegCapture implements Capture {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.setLevel(avutil.AV_LOG_QUIET);
    }

    private final LiveSource source;
    private final FFmpegFrameGrabber grabber;
    private final boolean video;
    private final boolean audio;
    private final double fps;
    private final AtomicLong decoded;
    private final Resampler resampler;
    private final boolean paced;
    private final ArrayDeque<Captured> pending = new ArrayDeque<>();
    private long index;
    private double nextSample;
    private double audioStart = Double.NaN;
    private long audioProduced;
    private long paceStartNanos;
    private double paceStartTime = Double.NaN;
    private boolean closed;

    private FfmpegCapture(LiveSource source, FFmpegFrameGrabber grabber, boolean video, boolean audio, double fps,
                          AtomicLong decoded) {
        this.source = source;
        this.grabber = grabber;
        this.video = video;
        this.audio = audio;
        this.fps = fps;
        this.decoded = decoded;
        this.resampler = audio ? new Resampler(grabber.getSampleRate(), AudioStream.SAMPLE_RATE) : null;
        this.paced = source.kind() == LiveSource.Kind.FILE && source.realTime();
    }

    static FfmpegCapture open(LiveSource source, double fps, boolean wantVideo, boolean wantAudio, AtomicLong decoded)
            throws LiveSourceException {
        String name = source.describe();
        switch (source.kind()) {
            case CAMERA -> {
                if (!Files.exists(Path.of(source.input()))) {
                    throw new LiveSourceException(name, "no such camera device (is a camera connected, and may this user "
                            + "read /dev/video*? `v4l2-ctl --list-devices` lists them)");
                }
            }
            case FILE -> {
                if (!Files.isRegularFile(Path.of(source.input()))) {
                    throw new LiveSourceException(name, "no such file");
                }
            }
            default -> {
                // URLs and FFmpeg devices are checked by opening them
            }
        }
        if (!wantVideo && !wantAudio) {
            throw new LiveSourceException(name, "the recognizer reads neither faces nor speech (add emotion-vision or emotion-audio)");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.input());
        source.format().ifPresent(g::setFormat);
        if (source.network() || source.kind() == LiveSource.Kind.FFMPEG) {
            String us = Long.toString(source.timeout().toNanos() / 1000);
            g.setOption("rw_timeout", us);
            g.setOption("timeout", us);
        }
        source.options().forEach(g::setOption);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new LiveSourceException(name, "cannot open (" + e.getMessage() + ")"
                    + (source.network() ? "; is the server up and the URL right?" : ""), e);
        }
        boolean v = wantVideo && g.hasVideo() && g.getImageWidth() > 0 && g.getImageHeight() > 0;
        boolean a = wantAudio && g.hasAudio() && g.getAudioChannels() > 0 && g.getSampleRate() > 0;
        if (!v && !a) {
            String has = (g.hasVideo() ? "video" : "") + (g.hasAudio() ? (g.hasVideo() ? " and " : "") + "audio" : "");
            release(g);
            throw new LiveSourceException(name, "offers " + (has.isEmpty() ? "no stream" : has)
                    + " but the recognizer reads " + (wantVideo ? wantAudio ? "faces and speech" : "faces only" : "speech only"));
        }
        if (a) {
            // downmix in swresample; the rate is converted by the Resampler
            g.setAudioChannels(1);
        }
        return new FfmpegCapture(source, g, v, a, fps, decoded);
    }

    @Override
    public boolean hasVideo() {
        return video;
    }

    @Override
    public boolean hasAudio() {
        return audio;
    }

    @Override
    public Captured next() throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException(source.describe() + " is closed");
        }
        while (pending.isEmpty()) {
            Frame f;
            try {
                f = grabber.grabFrame(audio, video, true, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new LiveSourceException(source.describe(), "reading failed (" + e.getMessage() + ")", e);
            }
            if (f == null) {
                if (resampler != null && !Double.isNaN(audioStart)) {
                    flushAudio();
                }
                if (pending.isEmpty()) {
                    return null;
                }
                break;
            }
            if (video && f.image != null && f.image[0] != null) {
                long i = index++;
                decoded.incrementAndGet();
                double rate = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25.0;
                double t = f.timestamp > 0 || i == 0 ? Math.max(0, f.timestamp) / 1e6 : i / rate;
                if (fps > 0) {
                    if (t + 1e-6 < nextSample) {
                        continue;
                    }
                    nextSample = Math.max(nextSample + 1.0 / fps, t + 0.5 / fps);
                }
                BufferedImage img = copyImage(f);
                pace(t);
                pending.add(new Captured.Frame(img, t, Instant.now()));
            } else if (audio && f.samples != null && f.samples.length > 0) {
                float[] mono = copySamples(f);
                if (mono.length == 0) {
                    continue;
                }
                if (Double.isNaN(audioStart)) {
                    audioStart = Math.max(0, f.timestamp) / 1e6;
                }
                sanitise(mono);
                resampler.push(mono, 0, mono.length, this::emitAudio);
                if (!pending.isEmpty()) {
                    pace(pending.peekFirst().time());
                }
            }
        }
        return pending.pollFirst();
    }

    private void emitAudio(float[] buf, int off, int len) {
        float[] s = new float[len];
        System.arraycopy(buf, off, s, 0, len);
        double t = audioStart + audioProduced / (double) AudioStream.SAMPLE_RATE;
        audioProduced += len;
        pending.add(new Captured.Audio(s, t, Instant.now()));
    }

    private void flushAudio() {
        resampler.finish(this::emitAudio);
    }

    /** Sleeps until the item at media time {@code t} is due (files at real-time pace only). */
    private void pace(double t) throws InterruptedException {
        if (!paced) {
            return;
        }
        if (Double.isNaN(paceStartTime)) {
            paceStartTime = t;
            paceStartNanos = System.nanoTime();
            return;
        }
        long due = paceStartNanos + (long) ((t - paceStartTime) * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private BufferedImage copyImage(Frame f) throws LiveSourceException {
        if (f.imageChannels != 3 || f.imageDepth != Frame.DEPTH_UBYTE) {
            throw new LiveSourceException(source.describe(), "unexpected frame layout: " + f.imageChannels
                    + " channels, depth " + f.imageDepth);
        }
        int w = f.imageWidth;
        int h = f.imageHeight;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
        int stride = f.imageStride;
        for (int y = 0; y < h; y++) {
            src.position(y * stride);
            src.get(dst, y * w * 3, w * 3);
        }
        return img;
    }

    private static float[] copySamples(Frame f) {
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

    private static void sanitise(float[] b) {
        for (int i = 0; i < b.length; i++) {
            float v = b[i];
            b[i] = !Float.isFinite(v) ? 0f : Math.max(-1f, Math.min(1f, v));
        }
    }

    @Override
    public void interrupt() {
        // FFmpeg reads end by themselves: at the read timeout of a network source, or with the next frame
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
            // a half-opened or dropped grabber may fail to close; nothing more to do
        }
    }
}
