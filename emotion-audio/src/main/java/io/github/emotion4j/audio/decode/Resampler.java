package io.github.emotion4j.audio.decode;

import java.util.Arrays;

/**
 * Band-limited sample-rate conversion with a Kaiser-windowed sinc filter (polyphase table,
 * exact rational phase, no drift). When downsampling, the cut-off sits just below the output
 * Nyquist frequency, so content above it is removed instead of folding back (anti-aliasing).
 *
 * <p>Streaming: {@link #push} any number of blocks, then {@link #finish}; memory stays constant
 * (the filter length plus one block). Not thread-safe: one instance per stream.
 */
public final class Resampler {
    /** Zero crossings of the sinc on each side of the centre. */
    private static final int ZERO_CROSSINGS = 12;
    private static final double KAISER_BETA = 8.5;
    private static final int MAX_PHASES = 4096;

    /** Receives output samples. */
    @FunctionalInterface
    public interface Sink {
        /** Takes {@code len} samples from {@code buf} at {@code off}; the buffer is reused afterwards. */
        void accept(float[] buf, int off, int len);
    }

    private final int inRate;
    private final int outRate;
    private final long up;
    private final long down;
    private final boolean identity;
    private final int half;
    private final int phases;
    private final float[][] table;

    private float[] buf = new float[0];
    private long bufStart;
    private int bufLen;
    private long produced;
    private long consumed;
    private float[] out = new float[1024];

    /**
     * @param inRate  input sample rate (Hz), > 0
     * @param outRate output sample rate (Hz), > 0
     */
    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be > 0: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        long g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        this.identity = inRate == outRate;
        // cut-off in cycles per input sample
        double fc = down > up ? 0.5 * up / down * 0.94 : 0.5 * 0.97;
        double halfWidth = ZERO_CROSSINGS / (2 * fc);
        this.half = (int) Math.ceil(halfWidth);
        this.phases = (int) Math.min(up, MAX_PHASES);
        this.table = identity ? new float[0][] : buildTable(fc, halfWidth);
        // the very first output aligns with input sample 0: prime the history with zeros
        this.bufStart = -half;
        this.buf = new float[Math.max(4096, 4 * half)];
        this.bufLen = half;
    }

    private float[][] buildTable(double fc, double halfWidth) {
        float[][] t = new float[phases][2 * half];
        double i0b = besselI0(KAISER_BETA);
        for (int p = 0; p < phases; p++) {
            double frac = p / (double) phases;
            double sum = 0;
            for (int k = 0; k < 2 * half; k++) {
                // tap k multiplies input sample (i - half + 1 + k); distance from the output position
                double x = frac - (k - half + 1);
                double h = 0;
                if (Math.abs(x) < halfWidth) {
                    double r = x / halfWidth;
                    double w = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0b;
                    double a = 2 * fc * x;
                    double sinc = a == 0 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
                    h = 2 * fc * sinc * w;
                }
                t[p][k] = (float) h;
                sum += h;
            }
            // unit DC gain per phase
            for (int k = 0; k < 2 * half; k++) {
                t[p][k] = (float) (t[p][k] / sum);
            }
        }
        return t;
    }

    /** Input sample rate. */
    public int inRate() {
        return inRate;
    }

    /** Output sample rate. */
    public int outRate() {
        return outRate;
    }

    /** Adds input samples and emits every output sample they complete. */
    public void push(float[] in, int off, int len, Sink sink) {
        if (len <= 0) {
            return;
        }
        consumed += len;
        if (identity) {
            sink.accept(in, off, len);
            return;
        }
        ensure(len);
        System.arraycopy(in, off, buf, bufLen, len);
        bufLen += len;
        emit(sink, false);
    }

    /** Flushes the filter tail: emits the outputs that correspond to the pushed input. */
    public void finish(Sink sink) {
        if (identity) {
            return;
        }
        ensure(2 * half + 1);
        Arrays.fill(buf, bufLen, bufLen + 2 * half + 1, 0f);
        bufLen += 2 * half + 1;
        emit(sink, true);
    }

    private void emit(Sink sink, boolean last) {
        long total = last ? (consumed * up + down - 1) / down : Long.MAX_VALUE;
        int n = 0;
        while (produced < total) {
            long pos = produced * down;
            long i = pos / up;
            long rem = pos % up;
            long first = i - half + 1;
            if (i + half >= bufStart + bufLen) {
                break;
            }
            int phase = phases == up ? (int) rem : (int) Math.min(phases - 1, Math.round(rem * (double) phases / up));
            float[] taps = table[phase];
            int base = (int) (first - bufStart);
            double s = 0;
            for (int k = 0; k < taps.length; k++) {
                s += taps[k] * buf[base + k];
            }
            if (n == out.length) {
                sink.accept(out, 0, n);
                n = 0;
            }
            out[n++] = (float) s;
            produced++;
        }
        if (n > 0) {
            sink.accept(out, 0, n);
        }
        // drop input no future output needs
        long need = produced * down / up - half + 1;
        int drop = (int) Math.max(0, Math.min(bufLen, need - bufStart));
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
    }

    private void ensure(int extra) {
        if (bufLen + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + extra));
        }
    }

    /** Resamples a whole array. */
    public static float[] resample(float[] in, int inRate, int outRate) {
        if (inRate == outRate) {
            return in.clone();
        }
        Resampler r = new Resampler(inRate, outRate);
        FloatBuffer acc = new FloatBuffer((int) ((long) in.length * outRate / inRate) + 16);
        r.push(in, 0, in.length, acc::add);
        r.finish(acc::add);
        return acc.toArray();
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 60; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    /** A growable float array. */
    static final class FloatBuffer {
        private float[] data;
        private int size;

        FloatBuffer(int capacity) {
            data = new float[Math.max(16, capacity)];
        }

        void add(float[] b, int off, int len) {
            if (size + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
            }
            System.arraycopy(b, off, data, size, len);
            size += len;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
