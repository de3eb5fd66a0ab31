package io.github.emotion4j.cli;

import io.github.emotion4j.audio.classify.UtteranceFeatures;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.prosody.PitchAlgorithm;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.training.head.HeadTrainer;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.head.DenseHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Audio heads for {@code train-head}: emotion-audio's own recipe on the user's files. Each file is
 * decoded to 16 kHz, the span between its first and last speech segment is described by the
 * prosody features ({@code prosody-v1}, {@link ProsodyExtractor}), and {@link HeadTrainer} (DJL,
 * PyTorch engine, an ensemble packed into one {@link DenseHead}) fits the head. The card keys and
 * {@code corpus-stats.properties} make the folder loadable by emotion-audio. Not thread-safe
 * (DJL's seed is global).
 */
public final class AudioHeadTraining {
    /** The feature set the head reads. */
    public static final String FEATURES = "prosody-v1";

    private AudioHeadTraining() {
    }

    /** The prosody features of one file (longer files are refused beyond {@code maxSeconds}). */
    public static float[] features(Path file, double maxSeconds) throws IOException {
        AudioClip clip = AudioDecoder.decode(file, maxSeconds);
        return UtteranceFeatures.of(new ProsodyExtractor(PitchAlgorithm.YIN), clip).toFloats();
    }

    /** emotion-audio's default training settings (64 hidden units, dropout 0.3, Adam 1e-3) with these epochs, members and seed. */
    public static HeadTrainer.Config config(int epochs, int members, int seed) {
        return new HeadTrainer.Config(64, 0.3, 1e-3, 1e-3, epochs, 32, members, seed);
    }

    /** Fits a head. */
    public static DenseHead fit(float[][] x, int[] y, int classes, HeadTrainer.Config cfg) {
        return HeadTrainer.train(x, y, classes, cfg);
    }

    /** Card keys emotion-audio needs to load the head. */
    public static Map<String, String> cardKeys() {
        return Map.of("features", FEATURES, "features.count", Integer.toString(ProsodyExtractor.FEATURE_NAMES.size()),
                "preprocess.sampleRate", Integer.toString(ProsodyExtractor.SAMPLE_RATE));
    }

    /** {@code corpus-stats.properties}: per-feature quartiles of the training set, for the explanation cues. */
    public static String corpusStats(float[][] x, String dataName) {
        StringBuilder sb = new StringBuilder("# Per-feature corpus statistics of the training set (" + dataName
                + "), for explanation cues: p25, median, p75\n");
        List<String> names = ProsodyExtractor.FEATURE_NAMES;
        for (int j = 0; j < names.size(); j++) {
            double[] v = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                v[i] = x[i][j];
            }
            Arrays.sort(v);
            sb.append(String.format(Locale.ROOT, "%s=%.6g,%.6g,%.6g%n", names.get(j), quantile(v, 0.25), quantile(v, 0.5),
                    quantile(v, 0.75)));
        }
        return sb.toString();
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The feature names, for messages. */
    public static List<String> featureNames() {
        return new ArrayList<>(ProsodyExtractor.FEATURE_NAMES);
    }
}
