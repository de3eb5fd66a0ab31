package io.github.emotion4j.core.label;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prototype valence/arousal/dominance points of the emotion categories, and conversions
 * between categories and dimensions.
 *
 * <p>Values are pleasure-arousal-dominance ratings on a -1..1 scale after Russell &amp;
 * Mehrabian, "Evidence for a three-factor theory of emotions", <i>Journal of Research in
 * Personality</i> 11 (1977) 273-294, as the rounded terms angry, disgusted, afraid, happy, sad,
 * surprised and bored are commonly tabulated. Neutral is the origin. Contempt and other have no
 * term there: contempt is set by this project to disgust's valence with higher dominance and
 * lower arousal, other to the origin. Treat all of them as coarse anchors, not measurements.
 */
public final class VadPrototypes {
    private static final Map<Emotion, Dimensions> TABLE = new EnumMap<>(Emotion.class);

    static {
        TABLE.put(Emotion.ANGER, new Dimensions(-0.51, 0.59, 0.25));
        TABLE.put(Emotion.DISGUST, new Dimensions(-0.60, 0.35, 0.11));
        TABLE.put(Emotion.FEAR, new Dimensions(-0.64, 0.60, -0.43));
        TABLE.put(Emotion.HAPPINESS, new Dimensions(0.81, 0.51, 0.46));
        TABLE.put(Emotion.SADNESS, new Dimensions(-0.63, -0.27, -0.33));
        TABLE.put(Emotion.SURPRISE, new Dimensions(0.40, 0.67, -0.13));
        TABLE.put(Emotion.NEUTRAL, new Dimensions(0.0, 0.0, 0.0));
        TABLE.put(Emotion.CONTEMPT, new Dimensions(-0.60, 0.20, 0.40));
        TABLE.put(Emotion.BOREDOM, new Dimensions(-0.65, -0.62, -0.33));
        TABLE.put(Emotion.OTHER, new Dimensions(0.0, 0.0, 0.0));
    }

    private VadPrototypes() {
    }

    /** The prototype point of one category. */
    public static Dimensions of(Emotion emotion) {
        return TABLE.get(Objects.requireNonNull(emotion, "emotion"));
    }

    /** The expectation of the prototype points under a distribution. */
    public static Dimensions expectation(EmotionDistribution distribution) {
        Objects.requireNonNull(distribution, "distribution");
        double v = 0;
        double a = 0;
        double d = 0;
        List<Emotion> labels = distribution.labels();
        for (int i = 0; i < labels.size(); i++) {
            double p = distribution.probabilityAt(i);
            Dimensions proto = TABLE.get(labels.get(i));
            v += p * proto.valence();
            a += p * proto.arousal();
            d += p * proto.dominance();
        }
        return new Dimensions(clamp(v), clamp(a), clamp(d));
    }

    /**
     * A point in VAD space as a mixture over the canonical categories: a softmax over negative
     * squared distances to each prototype, {@code p_k ~ exp(-|x - mu_k|^2 / (2 sigma^2))}.
     *
     * @param sigma width of each category's kernel on the -1..1 scale (0.35 is a sensible default)
     */
    public static EmotionDistribution mixture(Dimensions point, double sigma) {
        Objects.requireNonNull(point, "point");
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, was " + sigma);
        }
        Map<Emotion, Double> logits = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.CANONICAL) {
            Dimensions mu = TABLE.get(e);
            double dv = point.valence() - mu.valence();
            double da = point.arousal() - mu.arousal();
            double dd = point.dominance() - mu.dominance();
            logits.put(e, -(dv * dv + da * da + dd * dd) / (2 * sigma * sigma));
        }
        return EmotionDistribution.softmax(logits);
    }

    private static double clamp(double x) {
        return Math.max(-1, Math.min(1, x));
    }
}
