package io.github.emotion4j.programs.audio.learned;

import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * On-the-fly waveform augmentation for training the learned encoder, one random draw per call:
 * <ul>
 *   <li>random crop of {@code cropSamples} (input shorter than that, after the speed change, is
 *       looped);</li>
 *   <li>speed perturbation by a factor in [1 - speed, 1 + speed]: the crop is read at that rate with
 *       linear interpolation (tempo and pitch change together, as Kaldi's speed perturbation);</li>
 *   <li>gain of +-{@code gainDb} dB, samples clipped to [-1, 1] (so loud gains also clip);</li>
 *   <li>with probability {@code noiseProbability}, additive noise at an SNR drawn uniformly in
 *       [{@code minSnrDb}, {@code maxSnrDb}]: white, pink (1/f, Paul Kellet's filter), brown
 *       (integrated white) or babble (the sum of three other training recordings).</li>
 * </ul>
 * The caller standardises the result as inference does. Not thread-safe (one {@link Random}).
 *
 * @param cropSamples      output length
 * @param speed            maximal relative speed change (0.1 = +-10%)
 * @param gainDb           maximal gain change in dB
 * @param noiseProbability chance of adding noise
 * @param minSnrDb         lowest SNR
 * @param maxSnrDb         highest SNR
 */
public record WaveAugmenter(int cropSamples, double speed, double gainDb, double noiseProbability, double minSnrDb,
                            double maxSnrDb) {
    /** Noise kinds. */
    public enum Noise { WHITE, PINK, BROWN, BABBLE }

    /** Checks the settings. */
    public WaveAugmenter {
        if (cropSamples < 1 || speed < 0 || speed >= 0.5 || gainDb < 0 || noiseProbability < 0 || noiseProbability > 1
                || minSnrDb > maxSnrDb) {
            throw new IllegalArgumentException("bad augmentation settings");
        }
    }

    /** The settings the learned encoder was trained with: 1 s crops, +-10% speed, +-6 dB, noise 0-20 dB on 80%. */
    public static WaveAugmenter standard() {
        return new WaveAugmenter(16_000, 0.10, 6, 0.8, 0, 20);
    }

    /**
     * One augmented crop.
     *
     * @param x      the recording (16 kHz)
     * @param others other training recordings, for babble noise
     * @param rnd    the random source
     */
    public float[] apply(float[] x, List<float[]> others, Random rnd) {
        Objects.requireNonNull(x, "x");
        float factor = (float) (1 + (rnd.nextDouble() * 2 - 1) * speed);
        float[] out = crop(x, cropSamples, factor, rnd);
        float gain = (float) Math.pow(10, (rnd.nextDouble() * 2 - 1) * gainDb / 20);
        for (int i = 0; i < out.length; i++) {
            out[i] *= gain;
        }
        if (rnd.nextDouble() < noiseProbability) {
            Noise kind = Noise.values()[rnd.nextInt(others.size() >= 3 ? 4 : 3)];
            float[] n = noise(kind, out.length, others, rnd);
            double snr = minSnrDb + rnd.nextDouble() * (maxSnrDb - minSnrDb);
            addAtSnr(out, n, snr);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, out[i]));
        }
        return out;
    }

    /** Reads {@code length} samples at {@code factor} times the speed from a random start, looping short input. */
    static float[] crop(float[] x, int length, float factor, Random rnd) {
        double span = length * (double) factor;
        double maxStart = Math.max(0, x.length - span - 1);
        double start = rnd.nextDouble() * maxStart;
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double t = start + i * (double) factor;
            int j = (int) Math.floor(t);
            double f = t - j;
            float a = x[Math.floorMod(j, x.length)];
            float b = x[Math.floorMod(j + 1, x.length)];
            out[i] = (float) (a + f * (b - a));
        }
        return out;
    }

    /** Noise of a kind, unit-free (scaled later to the SNR). */
    static float[] noise(Noise kind, int length, List<float[]> others, Random rnd) {
        float[] n = new float[length];
        switch (kind) {
            case WHITE -> {
                for (int i = 0; i < length; i++) {
                    n[i] = (float) rnd.nextGaussian();
                }
            }
            case PINK -> {
                double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
                for (int i = 0; i < length; i++) {
                    double w = rnd.nextGaussian();
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    n[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
                    b6 = w * 0.115926;
                }
            }
            case BROWN -> {
                double s = 0;
                for (int i = 0; i < length; i++) {
                    s = 0.998 * s + rnd.nextGaussian();
                    n[i] = (float) s;
                }
            }
            case BABBLE -> {
                for (int k = 0; k < 3; k++) {
                    float[] o = others.get(rnd.nextInt(others.size()));
                    float[] c = crop(o, length, 1f, rnd);
                    double rms = Math.sqrt(power(c)) + 1e-9;
                    for (int i = 0; i < length; i++) {
                        n[i] += (float) (c[i] / rms);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return n;
    }

    /** Adds {@code n} to {@code x} in place so that the signal-to-noise ratio is {@code snrDb}. */
    static void addAtSnr(float[] x, float[] n, double snrDb) {
        double px = power(x);
        double pn = power(n);
        if (px <= 0 || pn <= 0) {
            return;
        }
        double scale = Math.sqrt(px / (pn * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (scale * n[i]);
        }
    }

    static double power(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s / Math.max(1, x.length);
    }

    /** Zero mean, unit variance in place (as {@code preprocess.normalize=true} in the encoder adapter). */
    public static void standardise(float[] x) {
        double m = 0;
        for (float v : x) {
            m += v;
        }
        m /= x.length;
        double s = 0;
        for (float v : x) {
            s += (v - m) * (v - m);
        }
        double sd = Math.sqrt(s / x.length + 1e-7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((x[i] - m) / sd);
        }
    }
}
