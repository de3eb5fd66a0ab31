package io.github.emotion4j.core.personal;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One person's adaptation of one modality's predictions: a shift {@code s_c} added to the
 * log-probability (equivalently, to the head's logit) of every label {@code c}, so that an
 * adapted distribution is {@code p'_c ∝ p_c · exp(s_c)}. Nothing is retrained; the shift works
 * on any {@link EmotionDistribution} over the same labels, whichever model produced it.
 *
 * <p>How the shift is estimated from {@code k} samples (the person's predicted distributions
 * {@code p_i} and their true labels {@code y_i}; a <em>neutral</em> sample is one whose label is
 * {@link Emotion#NEUTRAL}): a prior-shift correction in the manner of Saerens et al. (2002),
 * shrunk towards "no change" because k is small. With the mean prediction
 * {@code pbar = (1/k) Σ p_i} and the label counts {@code n_c},
 * <pre>
 *   q_c = (n_c + τ · pbar_c) / (k + τ)          (the person's label prior, smoothed towards pbar)
 *   s_c = log(q_c + ε) − log(pbar_c + ε),       clamped to [−{@value #MAX_SHIFT}, {@value #MAX_SHIFT}]
 * </pre>
 * with {@code ε = }{@value #EPSILON}. The strength {@code τ} says how many samples' worth of
 * trust the model's own average keeps: large τ changes little, τ → 0 moves the person's average
 * prediction all the way to the labels seen. One sample with τ = 5 moves at most 1/6 of the
 * mass towards its label.
 *
 * <p>Immutable and thread-safe.
 *
 * @param personId  who (a speaker name, a face or voice identity); not blank
 * @param modality  the modality whose distributions it adapts, or empty for fused distributions
 * @param labels    the labels the shift is given for (no duplicates)
 * @param logShift  one shift per label, finite
 * @param samples   how many samples it was estimated from (at least 1)
 * @param strength  the τ it was estimated with (finite, >= 0)
 */
public record PersonalBaseline(String personId, Optional<Modality> modality, List<Emotion> labels, double[] logShift,
                               int samples, double strength) {
    /** Largest shift of one label's log-probability. */
    public static final double MAX_SHIFT = 5.0;
    /** Guard against log(0). */
    public static final double EPSILON = 1e-6;
    /** Default strength τ. */
    public static final double DEFAULT_STRENGTH = 5.0;
    /** Most samples one baseline takes (a few are the point; this bounds a registry's work). */
    public static final int MAX_SAMPLES = 10_000;

    /** Checks and copies the components. */
    public PersonalBaseline {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(modality, "modality");
        labels = List.copyOf(labels);
        logShift = Objects.requireNonNull(logShift, "logShift").clone();
        if (personId.isBlank()) {
            throw new IllegalArgumentException("personId must not be blank");
        }
        if (labels.isEmpty() || labels.size() != logShift.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + logShift.length + " shifts");
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("duplicate labels in " + labels);
        }
        for (double s : logShift) {
            if (!Double.isFinite(s) || Math.abs(s) > MAX_SHIFT + 1e-9) {
                throw new IllegalArgumentException("shifts must be finite and within +-" + MAX_SHIFT + ": "
                        + Arrays.toString(logShift));
            }
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be in 1.." + MAX_SAMPLES + ", was " + samples);
        }
        if (!Double.isFinite(strength) || strength < 0) {
            throw new IllegalArgumentException("strength must be finite and >= 0, was " + strength);
        }
    }

    /** A copy of the shifts, in label order. */
    @Override
    public double[] logShift() {
        return logShift.clone();
    }

    /** The shift of one label; 0 for a label it has none for. */
    public double shift(Emotion label) {
        int i = labels.indexOf(Objects.requireNonNull(label, "label"));
        return i < 0 ? 0 : logShift[i];
    }

    /**
     * The distribution adapted to this person: {@code p'_c ∝ p_c · exp(s_c)}. Labels of
     * {@code d} this baseline has no shift for keep shift 0; a probability of 0 stays 0.
     */
    public EmotionDistribution adapt(EmotionDistribution d) {
        Objects.requireNonNull(d, "d");
        double[] p = d.probabilities();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            max = Math.max(max, shift(d.labels().get(i)));
        }
        double[] w = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = p[i] * Math.exp(shift(d.labels().get(i)) - max);
        }
        return EmotionDistribution.fromScores(d.labels(), w);
    }

    /** A builder for {@code personId}'s baseline: add samples, then {@link Builder#build()}. */
    public static Builder builder(String personId) {
        return new Builder(personId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonalBaseline b && personId.equals(b.personId) && modality.equals(b.modality)
                && labels.equals(b.labels) && Arrays.equals(logShift, b.logShift) && samples == b.samples
                && Double.compare(strength, b.strength) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(personId, modality, labels, Arrays.hashCode(logShift), samples, strength);
    }

    @Override
    public String toString() {
        return "PersonalBaseline[" + personId + modality.map(m -> ", " + m).orElse("") + ", " + samples + " samples, shift "
                + labels + "=" + Arrays.toString(logShift) + "]";
    }

    /**
     * Collects a person's samples: the model's distribution for one of their utterances, faces or
     * voice clips and, when known, its true label ({@link #addNeutral} for resting-state samples).
     * Not thread-safe; {@link #build()} checks that there is at least one sample and that all
     * share the same labels.
     */
    public static final class Builder {
        private final String personId;
        private final List<EmotionDistribution> predicted = new ArrayList<>();
        private final List<Emotion> truth = new ArrayList<>();
        private Optional<Modality> modality = Optional.empty();
        private double strength = DEFAULT_STRENGTH;

        private Builder(String personId) {
            this.personId = Objects.requireNonNull(personId, "personId");
        }

        /** The modality whose distributions the baseline adapts (default: fused distributions). */
        public Builder modality(Modality m) {
            this.modality = Optional.of(Objects.requireNonNull(m, "modality"));
            return this;
        }

        /** The strength τ (default {@value PersonalBaseline#DEFAULT_STRENGTH}). */
        public Builder strength(double tau) {
            if (!Double.isFinite(tau) || tau < 0) {
                throw new IllegalArgumentException("strength must be finite and >= 0, was " + tau);
            }
            this.strength = tau;
            return this;
        }

        /** A sample: what the model predicted for it and what it really was. */
        public Builder addSample(EmotionDistribution prediction, Emotion label) {
            Objects.requireNonNull(prediction, "prediction");
            Objects.requireNonNull(label, "label");
            if (!prediction.labels().contains(label)) {
                throw new IllegalArgumentException("label " + label + " is not among the prediction's labels "
                        + prediction.labels());
            }
            if (predicted.size() >= MAX_SAMPLES) {
                throw new IllegalStateException("at most " + MAX_SAMPLES + " samples per baseline");
            }
            predicted.add(prediction);
            truth.add(label);
            return this;
        }

        /** A sample of the person at rest (label {@link Emotion#NEUTRAL}). */
        public Builder addNeutral(EmotionDistribution prediction) {
            return addSample(prediction, Emotion.NEUTRAL);
        }

        /**
         * The baseline.
         *
         * @throws IllegalStateException when no sample was added or the samples' labels differ
         */
        public PersonalBaseline build() {
            if (predicted.isEmpty()) {
                throw new IllegalStateException("person '" + personId + "': a baseline needs at least one sample");
            }
            List<Emotion> labels = predicted.get(0).labels();
            int k = predicted.size();
            double[] mean = new double[labels.size()];
            double[] counts = new double[labels.size()];
            for (int i = 0; i < k; i++) {
                EmotionDistribution d = predicted.get(i);
                if (!d.labels().equals(labels)) {
                    throw new IllegalStateException("person '" + personId + "': sample " + i + " has labels " + d.labels()
                            + ", the first had " + labels);
                }
                double[] p = d.probabilities();
                for (int c = 0; c < p.length; c++) {
                    mean[c] += p[c] / k;
                }
                counts[labels.indexOf(truth.get(i))]++;
            }
            double[] shift = new double[labels.size()];
            for (int c = 0; c < shift.length; c++) {
                double q = (counts[c] + strength * mean[c]) / (k + strength);
                double s = Math.log(q + EPSILON) - Math.log(mean[c] + EPSILON);
                shift[c] = Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, s));
            }
            return new PersonalBaseline(personId, modality, labels, shift, k, strength);
        }
    }
}
