package io.github.emotion4j.audio.classify;

import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Modality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Explains an audio prediction with the few interpretable features that moved it most. For each
 * candidate feature the model is re-run with that feature set to the training-corpus median
 * (occlusion); how much the odds of the predicted class fall is the feature's effect (odds, not
 * probability points, so that confident predictions can still be explained). The features with
 * the largest effect become {@link Cue}s worded from the measured numbers, e.g.
 * "pitch range 2.1x the corpus median (9.4 vs 4.5 semitones); makes anger 3.0x more likely". Nothing is invented: every
 * number in the text is a measured feature or a corpus quartile. Immutable and thread-safe.
 */
public final class CueExplainer {
    /** An interpretable feature and how to talk about it. */
    private record Candidate(String feature, String phrase, String unit, boolean ratio) {
    }

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("f0_semitone_range_p5_p95", "pitch range", "semitones", true),
            new Candidate("f0_mean_hz", "mean pitch", "Hz", false),
            new Candidate("f0_semitone_std", "pitch variability", "semitones", true),
            new Candidate("f0_semitone_slope", "pitch slope", "semitones/s", false),
            new Candidate("loudness_mean", "loudness", "", false),
            new Candidate("rms_db_mean", "energy", "dBFS", false),
            new Candidate("loudness_range_p20_p80", "loudness range", "", true),
            new Candidate("speaking_rate_peaks_per_s", "speaking rate", "peaks/s", false),
            new Candidate("pause_ratio", "pauses", "of the time", false),
            new Candidate("voiced_ratio", "voicing", "of the frames", false),
            new Candidate("jitter_local", "jitter", "", false),
            new Candidate("shimmer_local_db", "shimmer", "dB", false),
            new Candidate("spectral_centroid_hz_mean", "voice brightness (spectral centroid)", "Hz", false),
            new Candidate("hammarberg_db_mean", "spectral tilt (Hammarberg index)", "dB", false),
            new Candidate("alpha_ratio_db_mean", "low-to-high energy balance (alpha ratio)", "dB", false));

    private final int maxCues;
    private final double minEffect;

    /** Up to 3 cues, each multiplying the odds of the predicted class by at least 1.2. */
    public CueExplainer() {
        this(3, 1.2);
    }

    /**
     * @param maxCues   most cues returned
     * @param minEffect smallest odds ratio (prediction vs the feature at the corpus median) worth a cue
     */
    public CueExplainer(int maxCues, double minEffect) {
        this.maxCues = maxCues;
        this.minEffect = minEffect;
    }

    /** The cues for a prediction of {@code model} on {@code features}. */
    public List<Cue> explain(SpeechEmotionModel model, FeatureVector features) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(features, "features");
        double[] p = model.probabilities(features);
        int top = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[top]) {
                top = i;
            }
        }
        return explain(model, features, top);
    }

    /**
     * The cues for the model's class {@code target} (index in the model's label order), e.g. the
     * class that won after aggregating several segments.
     */
    public List<Cue> explain(SpeechEmotionModel model, FeatureVector features, int target) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(features, "features");
        double[] p = model.probabilities(features);
        int top = target;
        String label = model.labels().labels().get(top);
        double[] values = features.values();
        record Scored(Candidate c, double value, CorpusStats.Quartiles q, double effect) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Candidate c : CANDIDATES) {
            int idx = features.names().indexOf(c.feature());
            var q = model.stats().get(c.feature());
            if (idx < 0 || q.isEmpty()) {
                continue;
            }
            double[] v = values.clone();
            v[idx] = q.get().median();
            double pOcc = model.probabilities(new FeatureVector(features.names(), v))[top];
            scored.add(new Scored(c, values[idx], q.get(), odds(p[top]) / odds(pOcc)));
        }
        scored.sort(Comparator.comparingDouble(Scored::effect).reversed());
        List<Cue> cues = new ArrayList<>();
        for (Scored s : scored) {
            if (cues.size() >= maxCues || s.effect() < minEffect) {
                break;
            }
            cues.add(new Cue(Modality.AUDIO, s.c().feature(), s.value(), text(s.c(), s.value(), s.q(), label, s.effect())));
        }
        return cues;
    }

    private static double odds(double p) {
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        return q / (1 - q);
    }

    static String text(Candidate c, double value, CorpusStats.Quartiles q, String label, double effect) {
        double z = (value - q.median()) / q.iqr();
        String level = z > 1.5 ? "very high" : z > 0.5 ? "high" : z < -1.5 ? "very low" : z < -0.5 ? "low" : "typical";
        String body;
        if (c.ratio() && q.median() > 1e-6 && value > 0) {
            body = String.format(Locale.ROOT, "%s %.1fx the corpus median (%s vs %s%s)", c.phrase(), value / q.median(),
                    fmt(value), fmt(q.median()), c.unit().isEmpty() ? "" : " " + c.unit());
        } else if (c.unit().startsWith("of the")) {
            body = String.format(Locale.ROOT, "%s %s: %.0f%% %s (corpus median %.0f%%)", c.phrase(), level, 100 * value,
                    c.unit(), 100 * q.median());
        } else {
            body = String.format(Locale.ROOT, "%s %s (%s vs corpus median %s%s)", c.phrase(), level, fmt(value),
                    fmt(q.median()), c.unit().isEmpty() ? "" : " " + c.unit());
        }
        return String.format(Locale.ROOT, "%s; makes %s %.1fx more likely", body, label, effect);
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        } else if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
