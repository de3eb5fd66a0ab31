package io.github.emotion4j.programs.audio.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WaveAugmenterTest {
    private static float[] tone(int n, double hz) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    @Test
    void noiseIsAddedAtTheRequestedSnr() {
        for (WaveAugmenter.Noise kind : WaveAugmenter.Noise.values()) {
            for (double snr : new double[] {0, 10, 20}) {
                float[] x = tone(16_000, 200);
                float[] clean = x.clone();
                float[] n = WaveAugmenter.noise(kind, x.length, List.of(tone(20_000, 300), tone(20_000, 500),
                        tone(20_000, 700)), new Random(1));
                WaveAugmenter.addAtSnr(x, n, snr);
                double noise = 0;
                for (int i = 0; i < x.length; i++) {
                    noise += (x[i] - clean[i]) * (double) (x[i] - clean[i]);
                }
                double measured = 10 * Math.log10(WaveAugmenter.power(clean) / (noise / x.length));
                assertEquals(snr, measured, 1e-3, kind + " at " + snr + " dB");
            }
        }
    }

    @Test
    void cropHasTheLengthAndSpeedChangesThePitch() {
        float[] x = tone(48_000, 200);
        float[] same = WaveAugmenter.crop(x, 16_000, 1f, new Random(2));
        float[] fast = WaveAugmenter.crop(x, 16_000, 1.1f, new Random(2));
        assertEquals(16_000, same.length);
        assertEquals(200, zeroCrossings(same) / 2.0, 2);
        assertEquals(220, zeroCrossings(fast) / 2.0, 2);
        // shorter input is looped, never padded with silence
        float[] looped = WaveAugmenter.crop(tone(4_000, 200), 16_000, 1f, new Random(3));
        assertTrue(WaveAugmenter.power(java.util.Arrays.copyOfRange(looped, 12_000, 16_000)) > 0.1);
    }

    private static int zeroCrossings(float[] x) {
        int z = 0;
        for (int i = 1; i < x.length; i++) {
            z += (x[i - 1] < 0) != (x[i] < 0) ? 1 : 0;
        }
        return z;
    }

    @Test
    void applyIsSeededClippedAndVaries() {
        WaveAugmenter a = WaveAugmenter.standard();
        List<float[]> others = List.of(tone(20_000, 300), tone(20_000, 500), tone(20_000, 700));
        float[] x = tone(30_000, 180);
        float[] one = a.apply(x, others, new Random(9));
        assertArrayEquals(one, a.apply(x, others, new Random(9)));
        assertNotEquals(java.util.Arrays.hashCode(one), java.util.Arrays.hashCode(a.apply(x, others, new Random(10))));
        assertEquals(a.cropSamples(), one.length);
        for (float v : one) {
            assertTrue(v >= -1 && v <= 1);
        }
        float[] s = one.clone();
        WaveAugmenter.standardise(s);
        double m = 0;
        for (float v : s) {
            m += v;
        }
        assertEquals(0, m / s.length, 1e-5);
        assertEquals(1, WaveAugmenter.power(s), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> new WaveAugmenter(16_000, 0.6, 6, 0.8, 0, 20));
    }
}
