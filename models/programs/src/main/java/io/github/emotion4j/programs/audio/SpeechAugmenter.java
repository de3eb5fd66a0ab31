package io.github.emotion4j.programs.audio;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd;
import be.tarsos.dsp.filters.HighPass;
import be.tarsos.dsp.filters.IIRFilter;
import be.tarsos.dsp.filters.LowPassSP;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.Resampler;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Audio augmentations of 16 kHz mono speech for training and for robustness test sets: additive
 * noise at a given SNR (white, pink, brown, or babble summed from other speakers' utterances),
 * synthetic room reverberation (an exponentially decaying noise impulse response), speed
 * perturbation (resampling: tempo and pitch together), pitch shift without tempo change
 * (TarsosDSP WSOLA + resampling), gain, telephone band (300-3400 Hz, 8 kHz round trip) and codec
 * round trips through FFmpeg in-process (MP3, Opus). Every method returns a new array; the
 * randomness comes from the {@link Random} passed in, so a seeded caller is reproducible.
 */
public final class SpeechAugmenter {
    /** Sample rate of everything here. */
    public static final int RATE = 16_000;

    /** Generated noise colours. */
    public enum Noise { WHITE, PINK, BROWN }

    private SpeechAugmenter() {
    }

    /** Root mean square. */
    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s / Math.max(1, x.length));
    }

    /** Coloured noise of {@code n} samples with unit RMS. */
    public static float[] noise(Noise colour, int n, Random rnd) {
        float[] out = new float[n];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, brown = 0;
        for (int i = 0; i < n; i++) {
            double w = rnd.nextGaussian();
            switch (colour) {
                case WHITE -> out[i] = (float) w;
                case PINK -> { // Paul Kellet's refined pink filter
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    out[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
                    b6 = w * 0.115926;
                }
                case BROWN -> {
                    brown = 0.995 * brown + w; // leaky integrator: 1/f^2 above a few Hz
                    out[i] = (float) brown;
                }
                default -> throw new IllegalStateException();
            }
        }
        return scale(out, 1 / Math.max(1e-12, rms(out)));
    }

    /**
     * Babble: the sum of {@code voices} utterances drawn from {@code pool} (each looped or cut to
     * {@code n} samples and started at a random offset), unit RMS. The caller passes utterances of
     * other speakers than the one the babble will be added to.
     */
    public static float[] babble(List<float[]> pool, int voices, int n, Random rnd) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("no utterances to make babble from");
        }
        float[] out = new float[n];
        for (int v = 0; v < voices; v++) {
            float[] u = pool.get(rnd.nextInt(pool.size()));
            double g = 1 / Math.max(1e-9, rms(u));
            int off = rnd.nextInt(Math.max(1, u.length));
            for (int i = 0; i < n; i++) {
                out[i] += (float) (g * u[(off + i) % u.length]);
            }
        }
        return scale(out, 1 / Math.max(1e-12, rms(out)));
    }

    /** Adds {@code noise} (looped to length) at {@code snrDb} relative to the speech's RMS. */
    public static float[] addNoise(float[] speech, float[] noise, double snrDb) {
        double gain = rms(speech) / Math.max(1e-12, rms(noise)) / Math.pow(10, snrDb / 20);
        float[] out = new float[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (speech[i] + gain * noise[i % noise.length]);
        }
        return limit(out);
    }

    /**
     * Synthetic room: convolution with an impulse response that is a direct path (amplitude 1)
     * followed, from 2 ms on, by Gaussian noise of standard deviation 0.3 decaying by 60 dB over
     * {@code rt60} seconds (a wet room: the tail carries far more energy than the direct path)
     * (FFT convolution, Apache Commons Math), scaled back to the input's RMS (then scaled down,
     * never clipped, when a peak would pass 0.99) and cut to the input's length.
     */
    public static float[] reverb(float[] x, double rt60, Random rnd) {
        int len = Math.max(1, (int) (rt60 * RATE));
        double[] ir = new double[len];
        ir[0] = 1;
        double decay = Math.log(1000) / len; // amplitude -60 dB at rt60
        int pre = (int) (0.002 * RATE);
        for (int i = pre; i < len; i++) {
            ir[i] += 0.3 * rnd.nextGaussian() * Math.exp(-decay * i);
        }
        int n = Integer.highestOneBit(x.length + len - 1);
        n = n < x.length + len - 1 ? n * 2 : n;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        System.arraycopy(ir, 0, b, 0, len);
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        Complex[] fa = fft.transform(a, TransformType.FORWARD);
        Complex[] fb = fft.transform(b, TransformType.FORWARD);
        for (int i = 0; i < n; i++) {
            fa[i] = fa[i].multiply(fb[i]);
        }
        Complex[] y = fft.transform(fa, TransformType.INVERSE);
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) y[i].getReal();
        }
        return limit(scale(out, rms(x) / Math.max(1e-12, rms(out))));
    }

    /** Speed perturbation by {@code factor} (1.1 = 10% faster and 10% higher), by resampling. */
    public static float[] speed(float[] x, double factor) {
        return Resampler.resample(x, (int) Math.round(RATE * factor), RATE);
    }

    /** Pitch shift by {@code semitones} keeping the duration: WSOLA time stretch (TarsosDSP), then resampling. */
    public static float[] pitch(float[] x, double semitones) {
        double factor = Math.pow(2, semitones / 12);
        WaveformSimilarityBasedOverlapAdd wsola = new WaveformSimilarityBasedOverlapAdd(
                WaveformSimilarityBasedOverlapAdd.Parameters.speechDefaults(1 / factor, RATE));
        AudioDispatcher d;
        try {
            float[] padded = Arrays.copyOf(x, x.length + wsola.getInputBufferSize());
            d = AudioDispatcherFactory.fromFloatArray(padded, RATE, wsola.getInputBufferSize(), wsola.getOverlap());
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IllegalStateException(e);
        }
        wsola.setDispatcher(d);
        d.addAudioProcessor(wsola);
        FloatBuffer[] acc = {FloatBuffer.allocate((int) (x.length / factor) + 4 * wsola.getInputBufferSize() + 16)};
        d.addAudioProcessor(new AudioProcessor() {
            @Override
            public boolean process(AudioEvent e) {
                float[] b = e.getFloatBuffer();
                if (acc[0].remaining() < b.length) {
                    FloatBuffer bigger = FloatBuffer.allocate(acc[0].capacity() * 2 + b.length);
                    acc[0].flip();
                    bigger.put(acc[0]);
                    acc[0] = bigger;
                }
                acc[0].put(b);
                return true;
            }

            @Override
            public void processingFinished() {
            }
        });
        d.run();
        acc[0].flip();
        float[] stretched = new float[acc[0].remaining()];
        acc[0].get(stretched);
        float[] y = Resampler.resample(stretched, RATE, (int) Math.round(RATE / factor));
        return limit(Arrays.copyOf(y, x.length));
    }

    /** Gain in dB (limited to full scale). */
    public static float[] gain(float[] x, double db) {
        return limit(scale(x, Math.pow(10, db / 20)));
    }

    /** Telephone band: 300-3400 Hz (two-pole TarsosDSP filters, twice), through 8 kHz and back to 16 kHz. */
    public static float[] telephone(float[] x) {
        float[] y = x.clone();
        for (IIRFilter f : new IIRFilter[] {new HighPass(300, RATE), new HighPass(300, RATE), new LowPassSP(3400, RATE),
            new LowPassSP(3400, RATE)}) {
            AudioEvent e = new AudioEvent(new TarsosDSPAudioFormat(RATE, 16, 1, true, false));
            e.setFloatBuffer(y);
            e.setOverlap(0);
            f.process(e);
            y = e.getFloatBuffer();
        }
        float[] narrow = Resampler.resample(y, RATE, 8000);
        return limit(Arrays.copyOf(Resampler.resample(narrow, 8000, RATE), x.length));
    }

    /** Codecs for round trips. */
    public enum Codec { MP3, OPUS }

    /**
     * Encodes with FFmpeg in-process (JavaCV's {@code FFmpegFrameRecorder}: MP3 at 16 kHz or Opus
     * at 48 kHz, mono, {@code bitrate} bits/s) into a temporary file and decodes it back with
     * emotion-audio's decoder, cut or padded to the input length.
     */
    public static float[] codec(float[] x, Codec codec, int bitrate, Path tmpDir) throws IOException {
        Path f = Files.createTempFile(tmpDir, "aug", codec == Codec.MP3 ? ".mp3" : ".opus");
        try {
            int rate = codec == Codec.MP3 ? RATE : 48_000;
            float[] in = rate == RATE ? x : Resampler.resample(x, RATE, rate);
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(f.toFile(), 1)) {
                r.setFormat(codec == Codec.MP3 ? "mp3" : "ogg");
                r.setAudioCodec(codec == Codec.MP3 ? avcodec.AV_CODEC_ID_MP3 : avcodec.AV_CODEC_ID_OPUS);
                r.setSampleRate(rate);
                r.setAudioBitrate(bitrate);
                r.start();
                for (int i = 0; i < in.length; i += 4096) {
                    int n = Math.min(4096, in.length - i);
                    short[] s = new short[n];
                    for (int k = 0; k < n; k++) {
                        s[k] = (short) Math.round(Math.max(-1, Math.min(1, in[i + k])) * 32767);
                    }
                    r.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(s));
                }
                r.stop();
            }
            return Arrays.copyOf(AudioDecoder.decode(f, 600).samples(), x.length);
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException("FFmpeg cannot encode " + codec + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static float[] scale(float[] x, double g) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * g);
        }
        return out;
    }

    /** Scales down (never clips) when the peak exceeds 0.99. */
    private static float[] limit(float[] x) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak > 0.99 ? scale(x, 0.99 / peak) : x;
    }
}
