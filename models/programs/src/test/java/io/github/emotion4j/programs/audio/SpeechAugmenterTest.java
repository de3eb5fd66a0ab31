package io.github.emotion4j.programs.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each augmentation does what it says, measured on generated tones. */
class SpeechAugmenterTest {
    private static final int RATE = SpeechAugmenter.RATE;

    @TempDir
    Path dir;

    static float[] sine(double hz, double seconds, double amp) {
        float[] s = new float[(int) (seconds * RATE)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    /** Power of the signal at one frequency (Goertzel over the middle second). */
    static double power(float[] s, double hz) {
        int from = s.length / 2 - RATE / 2;
        double w = 2 * Math.PI * hz / RATE;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + RATE; i++) {
            double s0 = s[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - c * s1 * s2) / RATE / RATE;
    }

    static double dominant(float[] s, double lo, double hi) {
        double best = 0;
        double bestHz = 0;
        for (double f = lo; f <= hi; f += 1) {
            double p = power(s, f);
            if (p > best) {
                best = p;
                bestHz = f;
            }
        }
        return bestHz;
    }

    @Test
    void noiseIsAddedAtTheAskedSignalToNoiseRatio() {
        float[] speech = sine(200, 2, 0.3);
        for (SpeechAugmenter.Noise n : SpeechAugmenter.Noise.values()) {
            float[] noise = SpeechAugmenter.noise(n, speech.length, new Random(1));
            assertEquals(1.0, SpeechAugmenter.rms(noise), 1e-3, n.toString());
            float[] mix = SpeechAugmenter.addNoise(speech, noise, 10);
            float[] added = new float[mix.length];
            for (int i = 0; i < mix.length; i++) {
                added[i] = mix[i] - speech[i];
            }
            double snr = 20 * Math.log10(SpeechAugmenter.rms(speech) / SpeechAugmenter.rms(added));
            assertEquals(10, snr, 0.1, n.toString());
        }
        // pink and brown noise carry more power low than high, white about the same
        float[] white = SpeechAugmenter.noise(SpeechAugmenter.Noise.WHITE, 4 * RATE, new Random(2));
        float[] brown = SpeechAugmenter.noise(SpeechAugmenter.Noise.BROWN, 4 * RATE, new Random(2));
        assertTrue(band(brown, 100) > 30 * band(brown, 4000));
        assertTrue(band(white, 100) < 3 * band(white, 4000));
    }

    private static double band(float[] s, double hz) {
        double p = 0;
        for (int k = -5; k <= 5; k++) {
            p += power(s, hz + 7 * k);
        }
        return p;
    }

    @Test
    void babbleSumsTheGivenUtterances() {
        float[] a = sine(300, 1, 0.5);
        float[] b = sine(700, 1, 0.5);
        float[] babble = SpeechAugmenter.babble(List.of(a, b), 4, 2 * RATE, new Random(3));
        assertEquals(1.0, SpeechAugmenter.rms(babble), 1e-3);
        assertTrue(power(babble, 300) + power(babble, 700) > 100 * power(babble, 1500));
    }

    @Test
    void speedAndPitchMoveTheFrequencyAsAsked() {
        float[] tone = sine(200, 2, 0.5);
        float[] fast = SpeechAugmenter.speed(tone, 1.1);
        assertEquals(tone.length / 1.1, fast.length, 2);
        assertEquals(220, dominant(fast, 150, 300), 2);
        float[] up = SpeechAugmenter.pitch(tone, 2);
        assertEquals(tone.length, up.length);
        assertEquals(200 * Math.pow(2, 2 / 12.0), dominant(up, 150, 300), 3);
        float[] down = SpeechAugmenter.pitch(tone, -2);
        assertEquals(200 * Math.pow(2, -2 / 12.0), dominant(down, 150, 300), 3);
    }

    @Test
    void telephoneBandRemovesLowAndHighFrequencies() {
        float[] mix = new float[2 * RATE];
        float[] lo = sine(100, 2, 0.2);
        float[] mid = sine(1000, 2, 0.2);
        float[] hi = sine(5000, 2, 0.2);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = lo[i] + mid[i] + hi[i];
        }
        float[] t = SpeechAugmenter.telephone(mix);
        assertEquals(mix.length, t.length);
        assertTrue(power(t, 1000) > 0.3 * power(mix, 1000), "the speech band passes");
        assertTrue(power(t, 5000) < 1e-3 * power(mix, 5000), "nothing above 4 kHz");
        assertTrue(power(t, 100) < 0.2 * power(mix, 100), "less below 300 Hz");
    }

    @Test
    void reverbKeepsLengthAndLevelAndSpreadsAClick() {
        float[] click = new float[RATE];
        click[100] = 0.5f;
        float[] r = SpeechAugmenter.reverb(click, 0.5, new Random(4));
        assertEquals(click.length, r.length);
        double tail = 0;
        for (int i = 2000; i < 6000; i++) {
            tail += Math.abs(r[i]);
        }
        assertTrue(tail > 0.01, "a tail after the direct sound");
        float[] noise = SpeechAugmenter.gain(SpeechAugmenter.noise(SpeechAugmenter.Noise.PINK, RATE, new Random(6)), -20);
        assertEquals(SpeechAugmenter.rms(noise), SpeechAugmenter.rms(SpeechAugmenter.reverb(noise, 0.4, new Random(5))),
                1e-3);
    }

    @Test
    void gainNeverClips() {
        float[] loud = SpeechAugmenter.gain(sine(300, 1, 0.5), 12);
        double peak = 0;
        for (float v : loud) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak <= 0.99 + 1e-6);
        assertEquals(0.5 * Math.pow(10, -6 / 20.0), SpeechAugmenter.rms(SpeechAugmenter.gain(sine(300, 1, 0.5), -6))
                * Math.sqrt(2), 1e-3);
    }

    @Test
    void codecRoundTripsKeepLengthAndTone() throws Exception {
        float[] tone = sine(440, 1.5, 0.4);
        for (SpeechAugmenter.Codec c : SpeechAugmenter.Codec.values()) {
            float[] back = SpeechAugmenter.codec(tone, c, 32_000, dir);
            assertEquals(tone.length, back.length, c.toString());
            assertEquals(440, dominant(back, 300, 600), 3, c.toString());
        }
    }
}
