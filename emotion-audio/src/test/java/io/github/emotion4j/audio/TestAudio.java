package io.github.emotion4j.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generated test audio: WAV writing and synthetic signals. */
public final class TestAudio {
    private TestAudio() {
    }

    /** A sine tone. */
    public static float[] sine(double hz, double seconds, int rate, double amp) {
        float[] s = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** White noise. */
    public static float[] noise(double seconds, int rate, double amp, long seed) {
        Random r = new Random(seed);
        float[] s = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (amp * (2 * r.nextDouble() - 1));
        }
        return s;
    }

    /**
     * A speech-like voiced signal: a harmonic series at {@code f0} with slow pitch movement,
     * amplitude modulated into 4 "syllables" per second, with a little noise.
     */
    public static float[] voiced(double seconds, double f0, int rate, double amp, long seed) {
        Random r = new Random(seed);
        float[] s = new float[(int) Math.round(seconds * rate)];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = i / (double) rate;
            double f = f0 * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * f / rate;
            double v = 0;
            for (int h = 1; h <= 12 && h * f < rate / 2.0; h++) {
                v += Math.sin(h * phase) / h;
            }
            double env = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            s[i] = (float) (amp * (0.5 * v * env + 0.01 * r.nextGaussian()));
        }
        return s;
    }

    /** Concatenates arrays. */
    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /** Writes 16-bit PCM with one array per channel. */
    public static Path wav16(Path file, int rate, float[]... channels) throws IOException {
        int n = channels[0].length;
        int ch = channels.length;
        ByteBuffer b = ByteBuffer.allocate(44 + n * ch * 2).order(ByteOrder.LITTLE_ENDIAN);
        header(b, ch, rate, 16, 1, n * ch * 2);
        for (int i = 0; i < n; i++) {
            for (float[] c : channels) {
                double v = Math.max(-1, Math.min(1, c[i]));
                b.putShort((short) Math.round(v * 32767));
            }
        }
        Files.write(file, b.array());
        return file;
    }

    /** Writes 32-bit float mono WAV (values unclipped, NaN kept). */
    public static Path wavFloat(Path file, int rate, float[] s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + s.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        header(b, 1, rate, 32, 3, s.length * 4);
        for (float v : s) {
            b.putFloat(v);
        }
        Files.write(file, b.array());
        return file;
    }

    private static void header(ByteBuffer b, int ch, int rate, int bits, int format, int dataBytes) {
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) format)
                .putShort((short) ch).putInt(rate).putInt(rate * ch * bits / 8).putShort((short) (ch * bits / 8))
                .putShort((short) bits).put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    }

    /** Writes raw bytes. */
    public static Path bytes(Path file, byte[] data) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(data);
        }
        return file;
    }

    /** Frequency of the strongest DFT bin between lo and hi Hz (coarse, for tests). */
    public static double dominantHz(float[] s, int rate, double lo, double hi) {
        double best = 0;
        double bestHz = 0;
        int n = Math.min(s.length, rate);
        for (double f = lo; f <= hi; f += 5) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                re += s[i] * Math.cos(2 * Math.PI * f * i / rate);
                im += s[i] * Math.sin(2 * Math.PI * f * i / rate);
            }
            double p = re * re + im * im;
            if (p > best) {
                best = p;
                bestHz = f;
            }
        }
        return bestHz;
    }

    /** RMS of a slice. */
    public static double rms(float[] s, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += s[i] * s[i];
        }
        return Math.sqrt(e / Math.max(1, to - from));
    }
}
