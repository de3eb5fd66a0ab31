package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;
import java.util.ArrayList;
import java.util.List;

/** Sanitises a {@link MonoSource} (NaN/Inf to 0, clip to [-1, 1]) and resamples it to 16 kHz. */
final class ResamplingStream implements AudioStream {
    private final MonoSource in;
    private final Resampler resampler;
    private final float[] block = new float[8192];
    private float[] pending = new float[16384];
    private int pendingStart;
    private int pendingEnd;
    private boolean ended;
    private boolean closed;
    private long nonFinite;
    private long clipped;

    ResamplingStream(MonoSource in) {
        this.in = in;
        this.resampler = new Resampler(in.sampleRate(), SAMPLE_RATE);
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public int sourceSampleRate() {
        return in.sampleRate();
    }

    @Override
    public int sourceChannels() {
        return in.channels();
    }

    @Override
    public int read(float[] dst, int off, int len) throws MediaDecodeException {
        if (closed) {
            throw new IllegalStateException("stream " + source() + " is closed");
        }
        while (pendingEnd - pendingStart == 0 && !ended) {
            pendingStart = 0;
            pendingEnd = 0;
            int n = in.read(block);
            if (n < 0) {
                ended = true;
                resampler.finish(this::append);
            } else if (n > 0) {
                sanitise(block, n);
                resampler.push(block, 0, n, this::append);
            }
        }
        int avail = pendingEnd - pendingStart;
        if (avail == 0) {
            return -1;
        }
        int n = Math.min(len, avail);
        System.arraycopy(pending, pendingStart, dst, off, n);
        pendingStart += n;
        return n;
    }

    private void sanitise(float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float v = b[i];
            if (!Float.isFinite(v)) {
                b[i] = 0;
                nonFinite++;
            } else if (v > 1f) {
                b[i] = 1f;
                clipped++;
            } else if (v < -1f) {
                b[i] = -1f;
                clipped++;
            }
        }
    }

    private void append(float[] b, int off, int len) {
        if (pendingEnd + len > pending.length) {
            float[] p = new float[Math.max(pending.length * 2, pendingEnd + len)];
            System.arraycopy(pending, 0, p, 0, pendingEnd);
            pending = p;
        }
        System.arraycopy(b, off, pending, pendingEnd, len);
        pendingEnd += len;
    }

    @Override
    public long nonFiniteSamples() {
        return nonFinite;
    }

    @Override
    public long clippedSamples() {
        return clipped;
    }

    @Override
    public List<String> notes() {
        return new ArrayList<>(in.notes());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
