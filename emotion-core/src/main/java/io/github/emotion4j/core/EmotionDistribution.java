package io.github.emotion4j.core;

import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.VadPrototypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probabilities over a list of emotions. Immutable; the probabilities are non-negative and sum
 * to 1 (the constructor renormalises sums within 1e-6 of 1 and rejects anything else).
 *
 * @param labels        the emotions, no duplicates
 * @param probabilities one probability per label
 */
public record EmotionDistribution(List<Emotion> labels, double[] probabilities) {
    private static final double SUM_TOLERANCE = 1e-6;

    public EmotionDistribution {
        labels = List.copyOf(labels);
        probabilities = Objects.requireNonNull(probabilities, "probabilities").clone();
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a distribution needs at least one label");
        }
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length
                    + " probabilities");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("duplicate labels in " + labels);
        }
        double sum = 0;
        for (double p : probabilities) {
            if (!Double.isFinite(p) || p < 0) {
                throw new IllegalArgumentException("probabilities must be finite and >= 0: "
                        + Arrays.toString(probabilities));
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1; use fromScores(...) to normalise");
        }
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] /= sum;
        }
    }

    /** Normalises non-negative scores (in {@link Emotion} order) into a distribution. */
    public static EmotionDistribution fromScores(Map<Emotion, Double> scores) {
        Objects.requireNonNull(scores, "scores");
        List<Emotion> labels = new ArrayList<>(scores.keySet());
        Collections.sort(labels);
        double[] s = new double[labels.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(labels.get(i));
        }
        return fromScores(labels, s);
    }

    /** Normalises non-negative scores into a distribution; all-zero scores give a uniform one. */
    public static EmotionDistribution fromScores(List<Emotion> labels, double[] scores) {
        Objects.requireNonNull(scores, "scores");
        double sum = 0;
        for (double s : scores) {
            if (!Double.isFinite(s) || s < 0) {
                throw new IllegalArgumentException("scores must be finite and >= 0: " + Arrays.toString(scores));
            }
            sum += s;
        }
        double[] p = new double[scores.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = sum > 0 ? scores[i] / sum : 1.0 / p.length;
        }
        return new EmotionDistribution(labels, p);
    }

    /** Softmax of logits. */
    public static EmotionDistribution softmax(List<Emotion> labels, double[] logits) {
        Objects.requireNonNull(logits, "logits");
        for (double l : logits) {
            if (Double.isNaN(l)) {
                throw new IllegalArgumentException("NaN logit: " + Arrays.toString(logits));
            }
        }
        return new EmotionDistribution(labels, io.github.emotion4j.core.head.DenseHead.softmax(logits));
    }

    /** Softmax of logits keyed by emotion. */
    public static EmotionDistribution softmax(Map<Emotion, Double> logits) {
        List<Emotion> labels = new ArrayList<>(logits.keySet());
        Collections.sort(labels);
        return softmax(labels, labels.stream().mapToDouble(logits::get).toArray());
    }

    /** The uniform distribution over the given labels. */
    public static EmotionDistribution uniform(List<Emotion> labels) {
        double[] p = new double[labels.size()];
        Arrays.fill(p, 1.0 / p.length);
        return new EmotionDistribution(labels, p);
    }

    /** A copy of the probabilities, in label order. */
    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The probability at label index {@code i}. */
    public double probabilityAt(int i) {
        return probabilities[i];
    }

    /** The probability of an emotion, 0 when it is not among the labels. */
    public double probability(Emotion emotion) {
        int i = labels.indexOf(emotion);
        return i < 0 ? 0 : probabilities[i];
    }

    /** The most probable label (the first on ties). */
    public LabelScore top() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new LabelScore(labels.get(best), probabilities[best]);
    }

    /** All labels, most probable first. */
    public List<LabelScore> ranked() {
        List<LabelScore> out = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            out.add(new LabelScore(labels.get(i), probabilities[i]));
        }
        out.sort(Comparator.comparingDouble(LabelScore::probability).reversed());
        return List.copyOf(out);
    }

    /** Shannon entropy in nats. */
    public double entropy() {
        double h = 0;
        for (double p : probabilities) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Entropy divided by its maximum {@code ln(n)}: 0 = certain, 1 = uniform (0 for one label). */
    public double normalizedEntropy() {
        return probabilities.length < 2 ? 0 : entropy() / Math.log(probabilities.length);
    }

    /** Top probability minus the second (1 for a single label). */
    public double margin() {
        if (probabilities.length < 2) {
            return 1;
        }
        double[] s = probabilities.clone();
        Arrays.sort(s);
        return s[s.length - 1] - s[s.length - 2];
    }

    /** The valence/arousal/dominance expectation under {@link VadPrototypes}. */
    public Dimensions dimensions() {
        return VadPrototypes.expectation(this);
    }

    /**
     * This distribution over another label list: probabilities of emotions outside
     * {@code target} are dropped and the rest renormalised (uniform if nothing is left).
     */
    public EmotionDistribution over(List<Emotion> target) {
        double[] s = new double[target.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = probability(target.get(i));
        }
        return fromScores(target, s);
    }

    /** Probabilities keyed by emotion, in label order. */
    public Map<Emotion, Double> asMap() {
        Map<Emotion, Double> m = new EnumMap<>(Emotion.class);
        for (int i = 0; i < probabilities.length; i++) {
            m.put(labels.get(i), probabilities[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmotionDistribution d && labels.equals(d.labels)
                && Arrays.equals(probabilities, d.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (LabelScore s : ranked()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(s.label().word()).append('=').append(String.format(java.util.Locale.ROOT, "%.3f", s.probability()));
        }
        return sb.append('}').toString();
    }
}
