package io.github.emotion4j.live.internal;

import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.decode.Resampler;
import io.github.emotion4j.live.LiveSource;
import io.github.emotion4j.live.LiveSourceException;
import java.time.Instant;
import java.util.ArrayDeque;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The default microphone through javax.sound.sampled: a {@link TargetDataLine} of 16-bit mono
 * PCM at 16 kHz, else 48 or 44.1 kHz resampled to 16 kHz. Reads 100 ms blocks; the stream time is
 * the count of samples read.
 */
final class MicrophoneCapture implements Capture {
    private static final float[] RATES = {16_000f, 48_000f, 44_100f};

    private final LiveSource source;
    private final TargetDataLine line;
    private final int rate;
    private final Resampler resampler;
    private final byte[] buf;
    private final ArrayDeque<Captured> pending = new ArrayDeque<>();
    private long produced;
    private volatile boolean closed;

    private MicrophoneCapture(LiveSource source, TargetDataLine line, int rate) {
        this.source = source;
        this.line = line;
        this.rate = rate;
        this.resampler = rate == AudioStream.SAMPLE_RATE ? null : new Resampler(rate, AudioStream.SAMPLE_RATE);
        this.buf = new byte[rate / 10 * 2];
    }

    static MicrophoneCapture open(LiveSource source) throws LiveSourceException {
        Exception last = null;
        for (float r : RATES) {
            AudioFormat fmt = new AudioFormat(r, 16, 1, true, false);
            try {
                TargetDataLine line = AudioSystem.getTargetDataLine(fmt);
                line.open(fmt, (int) r / 5 * 2);
                line.start();
                return new MicrophoneCapture(source, line, (int) r);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                last = e;
            }
        }
        throw new LiveSourceException(source.describe(), "no microphone available (javax.sound.sampled offers no capture "
                + "line for 16-bit mono PCM at 16, 48 or 44.1 kHz: " + (last == null ? "no mixer" : last.getMessage())
                + "); plug one in, or try LiveSource.ffmpeg(\"default\", \"pulse\") / (\"default\", \"alsa\")", last);
    }

    @Override
    public boolean hasVideo() {
        return false;
    }

    @Override
    public boolean hasAudio() {
        return true;
    }

    @Override
    public Captured next() throws LiveSourceException {
        while (pending.isEmpty()) {
            if (closed) {
                return null;
            }
            int n = line.read(buf, 0, buf.length);
            if (n <= 0) {
                if (closed || !line.isOpen()) {
                    return null;
                }
                if (!line.isActive() && !line.isRunning()) {
                    throw new LiveSourceException(source.describe(), "the capture line stopped delivering");
                }
                continue;
            }
            float[] s = new float[n / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((buf[2 * i] & 0xff) | (buf[2 * i + 1] << 8)) / 32768f;
            }
            if (resampler == null) {
                emit(s, 0, s.length);
            } else {
                resampler.push(s, 0, s.length, this::emit);
            }
        }
        return pending.pollFirst();
    }

    private void emit(float[] b, int off, int len) {
        float[] s = new float[len];
        System.arraycopy(b, off, s, 0, len);
        pending.add(new Captured.Audio(s, produced / (double) AudioStream.SAMPLE_RATE, Instant.now()));
        produced += len;
    }

    /** Stops the line, which ends a blocked {@code read}. */
    @Override
    public void interrupt() {
        closed = true;
        line.stop();
    }

    @Override
    public void close() {
        closed = true;
        line.stop();
        line.close();
    }

    @Override
    public String toString() {
        return "MicrophoneCapture[" + rate + " Hz]";
    }
}
