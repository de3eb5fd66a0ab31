package io.github.emotion4j.audio.prosody;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.mfcc.MFCC;
import be.tarsos.dsp.pitch.PitchProcessor;
import be.tarsos.dsp.util.fft.FFT;
import be.tarsos.dsp.util.fft.HammingWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Prosodic and spectral features of a stretch of 16 kHz mono speech, eGeMAPS-like: frame-level
 * descriptors (TarsosDSP pitch tracker, RMS energy, loudness, MFCCs with deltas, spectral
 * centroid/flux/roll-off, alpha ratio, Hammarberg index, zero-crossing rate, peak amplitude)
 * summarised by functionals (mean, standard deviation, percentiles, range, slope) into a
 * {@link FeatureVector} whose names are {@link #FEATURE_NAMES}. Jitter and shimmer are
 * frame-level estimates (period and peak-amplitude changes between consecutive voiced 20 ms
 * pitch frames), not cycle-by-cycle measurements; the speaking rate is a proxy (loudness peaks per
 * second of voiced speech).
 *
 * <p>Frames are 512 samples (32 ms, Hamming) every 160 samples (10 ms; the pitch tracker runs on
 * every second frame, a 20 ms hop, and the frame in between repeats its value), pushed through
 * TarsosDSP {@link AudioProcessor}s. Immutable and thread-safe: every call builds its own
 * processors.
 */
public final class ProsodyExtractor {
    /** Input sample rate. */
    public static final int SAMPLE_RATE = 16_000;
    /** Frame length in samples. */
    public static final int FRAME = 512;
    /** Hop in samples (10 ms). */
    public static final int HOP = 160;
    /** Number of MFCCs used (c1..c12). */
    public static final int MFCCS = 12;
    private static final int MEL_BANDS = 26;
    private static final double FRAME_SECONDS = HOP / (double) SAMPLE_RATE;
    private static final double SILENCE_DB = -55;

    /** The feature names, in vector order. Part of the public API: models are trained on these. */
    public static final List<String> FEATURE_NAMES = names();

    private final PitchAlgorithm pitchAlgorithm;

    /** An extractor with the given TarsosDSP pitch tracker. */
    public ProsodyExtractor(PitchAlgorithm pitchAlgorithm) {
        this.pitchAlgorithm = Objects.requireNonNull(pitchAlgorithm, "pitchAlgorithm");
    }

    /** An extractor with YIN. */
    public ProsodyExtractor() {
        this(PitchAlgorithm.YIN);
    }

    /** The pitch tracker. */
    public PitchAlgorithm pitchAlgorithm() {
        return pitchAlgorithm;
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        for (String s : List.of("mean", "std", "p20", "p50", "p80", "range_p20_p80", "range_p5_p95", "slope")) {
            n.add("f0_semitone_" + s);
        }
        n.add("f0_mean_hz");
        n.add("voiced_ratio");
        n.add("jitter_local");
        n.add("shimmer_local_db");
        for (String s : List.of("mean", "std", "p20", "p50", "p80", "range_p20_p80", "slope")) {
            n.add("loudness_" + s);
        }
        for (String s : List.of("mean", "std", "p90", "range_p5_p95")) {
            n.add("rms_db_" + s);
        }
        for (String f : List.of("zcr", "spectral_centroid_hz", "spectral_flux", "spectral_rolloff_hz",
                "alpha_ratio_db", "hammarberg_db")) {
            n.add(f + "_mean");
            n.add(f + "_std");
        }
        for (int i = 1; i <= MFCCS; i++) {
            n.add("mfcc" + i + "_mean");
            n.add("mfcc" + i + "_std");
        }
        for (int i = 1; i <= MFCCS; i++) {
            n.add("mfcc" + i + "_delta_std");
        }
        n.add("speaking_rate_peaks_per_s");
        n.add("pause_ratio");
        n.add("voiced_run_mean_s");
        n.add("unvoiced_run_mean_s");
        return Collections.unmodifiableList(n);
    }

    /** Frame-level descriptors, one entry per frame. */
    static final class Frames {
        int n;
        float[] f0Hz;
        float[] rmsDb;
        float[] loudness;
        float[] zcr;
        float[] centroid;
        float[] flux;
        float[] rolloff;
        float[] alpha;
        float[] hammarberg;
        float[] peak;
        float[][] mfcc;

        Frames(int n) {
            this.n = n;
            f0Hz = new float[n];
            rmsDb = new float[n];
            loudness = new float[n];
            zcr = new float[n];
            centroid = new float[n];
            flux = new float[n];
            rolloff = new float[n];
            alpha = new float[n];
            hammarberg = new float[n];
            peak = new float[n];
            mfcc = new float[n][];
        }
    }

    /**
     * Extracts the features of 16 kHz mono samples. Audio shorter than one frame is zero-padded;
     * silence gives zeros for the pitch features.
     */
    public FeatureVector extract(float[] samples) {
        Objects.requireNonNull(samples, "samples");
        return functionals(frames(samples));
    }

    Frames frames(float[] samples) {
        int n = samples.length <= FRAME ? 1 : 1 + (samples.length - FRAME + HOP - 1) / HOP;
        Frames fr = new Frames(n);
        TarsosDSPAudioFormat format = new TarsosDSPAudioFormat(SAMPLE_RATE, 16, 1, true, false);
        AudioEvent event = new AudioEvent(format);
        int[] index = new int[1];
        PitchProcessor pitch = new PitchProcessor(pitchAlgorithm.tarsos(), SAMPLE_RATE, FRAME, (result, e) -> {
            float hz = result.getPitch();
            boolean voiced = result.isPitched() && hz >= 55 && hz <= 600 && fr.rmsDb[index[0]] > SILENCE_DB + 10;
            fr.f0Hz[index[0]] = voiced ? hz : 0;
        });
        SpectralProcessor spectral = new SpectralProcessor(fr, index);
        float[] frame = new float[FRAME];
        TimeDomain td = new TimeDomain(samples, n);
        for (int i = 0; i < n; i++) {
            int start = i * HOP;
            int len = Math.max(0, Math.min(FRAME, samples.length - start));
            System.arraycopy(samples, start, frame, 0, len);
            java.util.Arrays.fill(frame, len, FRAME, 0f);
            index[0] = i;
            td.frame(fr, i);
            event.setFloatBuffer(frame);
            spectral.process(event);
            // pitch every second frame (20 ms hop); the frame in between repeats it
            if (i % 2 == 0) {
                if (fr.rmsDb[i] > SILENCE_DB + 10) {
                    pitch.process(event);
                }
            } else {
                fr.f0Hz[i] = fr.f0Hz[i - 1];
            }
        }
        return fr;
    }

    /**
     * Frame energy, peak and zero crossings from running sums over the (zero-padded) signal, so
     * each sample is visited once although frames overlap 3.2 times: the same values as summing
     * each frame ({@code e += x*x} in frame order differs only by rounding), peaks from maxima of
     * 32-sample blocks (frame starts are multiples of the hop, 5 blocks).
     */
    private static final class TimeDomain {
        private static final int BLOCK = 32;
        private final double[] cumSq;
        private final int[] cumCross;
        private final float[] blockPeak;

        TimeDomain(float[] samples, int frames) {
            int total = (frames - 1) * HOP + FRAME;
            cumSq = new double[total + 1];
            cumCross = new int[total + 1];
            blockPeak = new float[(total + BLOCK - 1) / BLOCK];
            float prev = 0;
            for (int k = 0; k < total; k++) {
                float x = k < samples.length ? samples[k] : 0f;
                cumSq[k + 1] = cumSq[k] + x * x;
                cumCross[k + 1] = cumCross[k] + (k > 0 && (x >= 0) != (prev >= 0) ? 1 : 0);
                blockPeak[k / BLOCK] = Math.max(blockPeak[k / BLOCK], Math.abs(x));
                prev = x;
            }
        }

        void frame(Frames fr, int i) {
            int s = i * HOP;
            double e = Math.max(0, cumSq[s + FRAME] - cumSq[s]);
            // crossings between samples s..s+FRAME-1 (the one into the frame's first sample is not the frame's)
            int crossings = cumCross[s + FRAME] - cumCross[s + 1];
            float peak = 0;
            for (int b = s / BLOCK; b < (s + FRAME) / BLOCK; b++) {
                peak = Math.max(peak, blockPeak[b]);
            }
            double rms = Math.sqrt(e / FRAME);
            fr.rmsDb[i] = (float) Math.max(-100, 20 * Math.log10(rms + 1e-10));
            fr.zcr[i] = crossings / (float) FRAME;
            fr.peak[i] = peak;
        }
    }

    /** One FFT per frame feeds the MFCCs (TarsosDSP mel filter bank), loudness and the spectral shape descriptors. */
    private static final class SpectralProcessor implements AudioProcessor {
        private final Frames fr;
        private final int[] index;
        private final FFT fft = new FFT(FRAME, new HammingWindow());
        private final MFCC mfcc = new MFCC(FRAME, SAMPLE_RATE, MFCCS + 1, MEL_BANDS, 50, 8000);
        private final int[] centers = mfcc.getCenterFrequencies();
        private final float[] buf = new float[FRAME];
        private final float[] mag = new float[FRAME];
        private final double[] cum = new double[FRAME / 2];
        private float[] prev = new float[FRAME / 2 + 1];
        private final double[][] dct = new double[MFCCS + 1][MEL_BANDS];
        private final double binHz = SAMPLE_RATE / (double) FRAME;

        SpectralProcessor(Frames fr, int[] index) {
            this.fr = fr;
            this.index = index;
            for (int c = 0; c <= MFCCS; c++) {
                for (int b = 0; b < MEL_BANDS; b++) {
                    dct[c][b] = Math.cos(Math.PI * c / MEL_BANDS * (b + 0.5));
                }
            }
        }

        @Override
        public boolean process(AudioEvent audioEvent) {
            int i = index[0];
            System.arraycopy(audioEvent.getFloatBuffer(), 0, buf, 0, FRAME);
            fft.forwardTransform(buf);
            int half = FRAME / 2;
            double total = 0;
            double weighted = 0;
            double low = 0;
            double high = 0;
            double maxLow = 0;
            double maxHigh = 0;
            float[] cur = new float[half + 1];
            double norm = 0;
            for (int k = 0; k < half; k++) {
                float m = k == 0 ? Math.abs(buf[0]) : fft.modulus(buf, k);
                mag[k] = m;
                double p = (double) m * m;
                double hz = k * binHz;
                total += p;
                weighted += hz * p;
                if (hz >= 50 && hz < 1000) {
                    low += p;
                }
                if (hz >= 1000 && hz < 5000) {
                    high += p;
                }
                if (hz < 2000) {
                    maxLow = Math.max(maxLow, p);
                } else if (hz < 5000) {
                    maxHigh = Math.max(maxHigh, p);
                }
                cur[k] = m;
                norm += p;
                cum[k] = total;
            }
            mag[half] = Math.abs(buf[1]);
            for (int k = half + 1; k < FRAME; k++) {
                mag[k] = 0;
            }
            norm = Math.sqrt(norm) + 1e-9;
            double flux = 0;
            for (int k = 0; k < half; k++) {
                cur[k] /= (float) norm;
                double d = cur[k] - prev[k];
                flux += d * d;
            }
            prev = cur;
            // first bin where the running power (summed in bin order, as total) reaches 85%
            double rollTarget = 0.85 * total;
            int roll = 0;
            for (int k = 0; k < half; k++) {
                if (cum[k] >= rollTarget) {
                    roll = k;
                    break;
                }
            }
            boolean silent = fr.rmsDb[i] <= SILENCE_DB;
            fr.centroid[i] = silent ? 0 : (float) (weighted / (total + 1e-12));
            fr.rolloff[i] = silent ? 0 : (float) (roll * binHz);
            fr.flux[i] = (float) flux;
            fr.alpha[i] = (float) (10 * Math.log10((low + 1e-10) / (high + 1e-10)));
            fr.hammarberg[i] = (float) (10 * Math.log10((maxLow + 1e-10) / (maxHigh + 1e-10)));
            // mel bands (TarsosDSP filter bank on the magnitude spectrum), log, DCT
            float[] bands = mfcc.melFilter(mag, centers);
            double loud = 0;
            float[] logs = new float[MEL_BANDS];
            for (int b = 0; b < MEL_BANDS; b++) {
                double power = (double) bands[b] * bands[b];
                loud += Math.pow(power, 0.3);
                logs[b] = (float) Math.max(-50, Math.log(bands[b] + 1e-10));
            }
            fr.loudness[i] = (float) loud;
            float[] c = new float[MFCCS + 1];
            for (int k = 0; k <= MFCCS; k++) {
                double s = 0;
                for (int b = 0; b < MEL_BANDS; b++) {
                    s += logs[b] * dct[k][b];
                }
                c[k] = (float) s;
            }
            fr.mfcc[i] = c;
            return true;
        }

        @Override
        public void processingFinished() {
            // nothing to flush
        }
    }

    FeatureVector functionals(Frames fr) {
        double[] out = new double[FEATURE_NAMES.size()];
        int p = 0;
        int n = fr.n;
        // voiced frames
        List<Integer> voiced = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (fr.f0Hz[i] > 0) {
                voiced.add(i);
            }
        }
        double[] st = new double[voiced.size()];
        double[] vt = new double[voiced.size()];
        double hzSum = 0;
        for (int k = 0; k < st.length; k++) {
            int i = voiced.get(k);
            st[k] = 12 * Math.log(fr.f0Hz[i] / 27.5) / Math.log(2);
            vt[k] = i * FRAME_SECONDS;
            hzSum += fr.f0Hz[i];
        }
        Functionals.Summary f0 = Functionals.summary(st);
        out[p++] = f0.mean();
        out[p++] = f0.std();
        out[p++] = f0.p20();
        out[p++] = f0.p50();
        out[p++] = f0.p80();
        out[p++] = f0.p80() - f0.p20();
        out[p++] = f0.p95() - f0.p5();
        out[p++] = Functionals.slope(vt, st);
        out[p++] = st.length == 0 ? 0 : hzSum / st.length;
        int nonSilent = 0;
        for (int i = 0; i < n; i++) {
            if (fr.rmsDb[i] > SILENCE_DB) {
                nonSilent++;
            }
        }
        out[p++] = nonSilent == 0 ? 0 : voiced.size() / (double) nonSilent;
        // jitter and shimmer between consecutive voiced frames
        double jit = 0;
        double per = 0;
        double shim = 0;
        int pairs = 0;
        for (int i = 2; i < n; i += 2) {
            if (fr.f0Hz[i] > 0 && fr.f0Hz[i - 2] > 0) {
                double t1 = 1.0 / fr.f0Hz[i - 2];
                double t2 = 1.0 / fr.f0Hz[i];
                jit += Math.abs(t2 - t1);
                per += (t1 + t2) / 2;
                shim += Math.abs(20 * Math.log10((fr.peak[i] + 1e-9) / (fr.peak[i - 2] + 1e-9)));
                pairs++;
            }
        }
        out[p++] = pairs == 0 ? 0 : jit / per;
        out[p++] = pairs == 0 ? 0 : shim / pairs;
        // loudness over all frames
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * FRAME_SECONDS;
        }
        double[] loud = toDouble(fr.loudness);
        Functionals.Summary l = Functionals.summary(loud);
        out[p++] = l.mean();
        out[p++] = l.std();
        out[p++] = l.p20();
        out[p++] = l.p50();
        out[p++] = l.p80();
        out[p++] = l.p80() - l.p20();
        out[p++] = Functionals.slope(t, loud);
        Functionals.Summary e = Functionals.summary(toDouble(fr.rmsDb));
        out[p++] = e.mean();
        out[p++] = e.std();
        out[p++] = e.p90();
        out[p++] = e.p95() - e.p5();
        // spectral shape over non-silent frames (alpha ratio and Hammarberg over voiced frames, as eGeMAPS)
        boolean[] active = new boolean[n];
        boolean[] isVoiced = new boolean[n];
        for (int i = 0; i < n; i++) {
            active[i] = fr.rmsDb[i] > SILENCE_DB;
            isVoiced[i] = fr.f0Hz[i] > 0;
        }
        for (float[] series : List.of(fr.zcr, fr.centroid, fr.flux, fr.rolloff)) {
            Functionals.Summary s = Functionals.summary(select(series, active));
            out[p++] = s.mean();
            out[p++] = s.std();
        }
        for (float[] series : List.of(fr.alpha, fr.hammarberg)) {
            Functionals.Summary s = Functionals.summary(select(series, isVoiced));
            out[p++] = s.mean();
            out[p++] = s.std();
        }
        // MFCC c1..c12 over non-silent frames, deltas (+-2 frame regression)
        int activeCount = 0;
        for (boolean a : active) {
            activeCount += a ? 1 : 0;
        }
        for (int c = 1; c <= MFCCS; c++) {
            double[] v = new double[activeCount];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    v[k++] = fr.mfcc[i][c];
                }
            }
            Functionals.Summary s = Functionals.summary(v);
            out[p++] = s.mean();
            out[p++] = s.std();
        }
        for (int c = 1; c <= MFCCS; c++) {
            double[] d = new double[activeCount];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    double num = 0;
                    for (int j = 1; j <= 2; j++) {
                        num += j * (fr.mfcc[Math.min(n - 1, i + j)][c] - fr.mfcc[Math.max(0, i - j)][c]);
                    }
                    d[k++] = num / 10.0;
                }
            }
            out[p++] = Functionals.summary(d).std();
        }
        // rhythm: loudness peaks in voiced stretches per voiced second, pauses, run lengths
        double[] smooth = Functionals.movingAverage(toDouble(fr.rmsDb), 5);
        int peaks = 0;
        int lastPeak = -1000;
        for (int i = 2; i < n - 2; i++) {
            if (!isVoiced[i] || smooth[i] < smooth[i - 1] || smooth[i] < smooth[i + 1]) {
                continue;
            }
            double valley = smooth[i];
            for (int j = Math.max(0, i - 20); j < i; j++) {
                valley = Math.min(valley, smooth[j]);
            }
            if (smooth[i] - valley > 3 && i - lastPeak >= 10) {
                peaks++;
                lastPeak = i;
            }
        }
        double voicedSeconds = voiced.size() * FRAME_SECONDS;
        out[p++] = voicedSeconds < 0.1 ? 0 : peaks / Math.max(voicedSeconds, 0.5);
        out[p++] = n == 0 ? 0 : 1 - nonSilent / (double) n;
        double[] runs = runLengths(isVoiced, true);
        double[] gaps = runLengths(isVoiced, false);
        out[p++] = runs[0];
        out[p++] = gaps[0];
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = 0;
            }
        }
        if (p != out.length) {
            throw new IllegalStateException("feature count mismatch: " + p + " != " + out.length);
        }
        return new FeatureVector(FEATURE_NAMES, out);
    }

    private static double[] runLengths(boolean[] flags, boolean value) {
        double sum = 0;
        int count = 0;
        int run = 0;
        for (int i = 0; i <= flags.length; i++) {
            if (i < flags.length && flags[i] == value) {
                run++;
            } else if (run > 0) {
                sum += run * FRAME_SECONDS;
                count++;
                run = 0;
            }
        }
        return new double[] {count == 0 ? 0 : sum / count};
    }

    private static double[] select(float[] series, boolean[] mask) {
        int c = 0;
        for (boolean m : mask) {
            c += m ? 1 : 0;
        }
        double[] v = new double[c];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                v[k++] = series[i];
            }
        }
        return v;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
