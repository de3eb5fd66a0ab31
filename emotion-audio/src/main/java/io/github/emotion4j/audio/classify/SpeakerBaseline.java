package io.github.emotion4j.audio.classify;

import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.MediaDecodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A speaker's personal baseline ("enrollment"): the mean prosodic features of a few clips of
 * that speaker's neutral speech. Given to the audio analyser
 * ({@code AudioAnalyzer#withSpeakerBaseline}, {@code AudioAnalyzerProvider#withSpeakerBaseline}),
 * it shifts that speaker's features by the baseline before a head trained on baseline-shifted
 * features (the model's enrolled head), so "loud" and "high" are judged against the speaker's own
 * neutral voice rather than the training corpus's. One clip of about 2 s works; five are
 * better (see the model card for the measured gain). Immutable and thread-safe.
 *
 * @param mean    mean feature vector of the neutral clips, in {@link ProsodyExtractor#FEATURE_NAMES} order
 * @param clips   number of clips it was computed from
 * @param seconds total speech seconds in them
 */
public record SpeakerBaseline(FeatureVector mean, int clips, double seconds) {
    /** Checks the components. */
    public SpeakerBaseline {
        Objects.requireNonNull(mean, "mean");
        if (!mean.names().equals(ProsodyExtractor.FEATURE_NAMES)) {
            throw new IllegalArgumentException("baseline features must be the prosody-v1 features");
        }
        if (clips < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("a baseline needs at least one clip with speech, was " + clips + " clips, "
                    + seconds + " s");
        }
    }

    /**
     * The baseline of neutral speech clips of one speaker, any sample rate (resampled to 16 kHz);
     * features are taken over the span the energy VAD finds in each clip, as in training.
     *
     * @throws IllegalArgumentException when there is no clip, or a clip holds no voiced speech
     * @throws MediaDecodeException     when a clip cannot be read
     */
    public static SpeakerBaseline ofNeutralSpeech(List<AudioClip> neutralClips) throws MediaDecodeException {
        Objects.requireNonNull(neutralClips, "neutralClips");
        if (neutralClips.isEmpty()) {
            throw new IllegalArgumentException("a speaker baseline needs at least one neutral clip");
        }
        ProsodyExtractor ex = new ProsodyExtractor();
        List<FeatureVector> f = new ArrayList<>();
        double[] w = new double[neutralClips.size()];
        double seconds = 0;
        for (int i = 0; i < neutralClips.size(); i++) {
            AudioClip c = Objects.requireNonNull(neutralClips.get(i), "clip " + i);
            AudioClip c16 = c.sampleRate() == ProsodyExtractor.SAMPLE_RATE ? c
                    : new AudioClip(io.github.emotion4j.audio.decode.Resampler.resample(c.samples(), c.sampleRate(),
                            ProsodyExtractor.SAMPLE_RATE), ProsodyExtractor.SAMPLE_RATE);
            FeatureVector v;
            try {
                v = UtteranceFeatures.of(ex, c16);
            } catch (MediaDecodeException e) {
                throw e;
            } catch (IOException e) {
                throw new MediaDecodeException("baseline clip " + i, e.getMessage(), e);
            }
            if (v.get("voiced_ratio") < 0.15) {
                throw new IllegalArgumentException("baseline clip " + i + " holds no voiced speech (voiced ratio "
                        + v.get("voiced_ratio") + ")");
            }
            f.add(v);
            w[i] = 1;
            seconds += c16.durationSeconds();
        }
        return new SpeakerBaseline(FeatureVector.weightedMean(f, w), f.size(), seconds);
    }

    /** The features minus the baseline, as the enrolled head takes them. */
    public float[] shift(FeatureVector features) {
        Objects.requireNonNull(features, "features");
        double[] v = features.values();
        double[] m = mean.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] - m[i]);
        }
        return out;
    }
}
