package io.github.emotion4j.audio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @ParameterizedTest
    @ValueSource(ints = {8000, 11025, 22050, 44100, 48000, 96000})
    void keepsInBandTonesAndLength(int rate) {
        float[] in = TestAudio.sine(1000, 1.0, rate, 0.5);
        float[] out = Resampler.resample(in, rate, 16000);
        assertEquals(16000, out.length, 1);
        assertEquals(1000, TestAudio.dominantHz(out, 16000, 500, 3000), 5);
        // unit gain in the passband (skip the edges)
        assertEquals(0.5 / Math.sqrt(2), TestAudio.rms(out, 2000, 14000), 0.01);
    }

    @Test
    void removesContentAboveTheNewNyquist() {
        // 11 kHz at 48 kHz would alias to 5 kHz at 16 kHz without the low-pass
        float[] in = TestAudio.sine(11000, 1.0, 48000, 0.5);
        float[] out = Resampler.resample(in, 48000, 16000);
        double rms = TestAudio.rms(out, 1000, 15000);
        assertTrue(20 * Math.log10(rms / 0.354) < -50, "aliased tone at " + 20 * Math.log10(rms / 0.354) + " dB");
    }

    @Test
    void streamingInOddBlocksMatchesOneShot() {
        float[] in = TestAudio.noise(0.7, 44100, 0.5, 3);
        float[] whole = Resampler.resample(in, 44100, 16000);
        Resampler r = new Resampler(44100, 16000);
        Resampler.FloatBuffer acc = new Resampler.FloatBuffer(16);
        int pos = 0;
        int step = 1;
        while (pos < in.length) {
            int n = Math.min(step, in.length - pos);
            r.push(in, pos, n, acc::add);
            pos += n;
            step = step * 3 % 997 + 1;
        }
        r.finish(acc::add);
        assertArrayEquals(whole, acc.toArray(), 1e-6f);
    }

    @Test
    void identityAndTinyInputs() {
        float[] one = {0.25f};
        assertArrayEquals(one, Resampler.resample(one, 16000, 16000));
        assertEquals(1, Resampler.resample(one, 48000, 16000).length);
        assertEquals(2, Resampler.resample(one, 8000, 16000).length);
        assertEquals(0, Resampler.resample(new float[0], 44100, 16000).length);
    }
}
