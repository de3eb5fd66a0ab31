package io.github.emotion4j.text.classify;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's output labels and how its raw outputs become probabilities: the card's
 * {@code activation} ({@code softmax}, {@code sigmoid} or {@code none}) and its labels, mapped to
 * canonical emotions by {@code labelSet}, or by parsing each label word, or by
 * {@code labelMap.<word>=<emotion>} keys for words the parser does not know. Immutable.
 *
 * @param labels     the label set (model output order)
 * @param activation softmax, sigmoid or none
 */
public record LabelScores(LabelSet labels, String activation) {
    /** Checks the components and copies the mutable ones. */
    public LabelScores {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(activation, "activation");
        if (!List.of("softmax", "sigmoid", "none").contains(activation)) {
            throw new IllegalArgumentException("activation must be softmax, sigmoid or none, was '" + activation + "'");
        }
    }

    /**
     * Reads the labels and activation of a card.
     *
     * @throws ModelLoadException when the card has no labels or a label cannot be mapped
     */
    public static LabelScores of(ModelCard card) throws ModelLoadException {
        Objects.requireNonNull(card, "card");
        String activation = card.activation().strip().toLowerCase(Locale.ROOT);
        try {
            // labels the emotion parser does not know may still be GoEmotions' 28 names
            LabelSet set = card.outputLabels(label -> {
                int i = LabelSet.GOEMOTIONS_28.indexOf(label.strip().toLowerCase(Locale.ROOT));
                return i < 0 ? Optional.empty() : Optional.of(LabelSet.GOEMOTIONS_28.emotionAt(i));
            });
            return new LabelScores(set, activation);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("Model '" + card.id() + "': " + e.getMessage(), null, e);
        }
    }

    /** Number of labels. */
    public int size() {
        return labels.size();
    }

    /**
     * Raw outputs to per-label probabilities (softmax, sigmoid, or clipped at 0 for {@code none}).
     *
     * @throws IllegalArgumentException when there are not as many outputs as labels
     * @throws InferenceException       when an output is NaN or infinite
     */
    public double[] probabilities(float[] outputs) {
        Objects.requireNonNull(outputs, "outputs");
        if (outputs.length != labels.size()) {
            throw new IllegalArgumentException("model gives " + outputs.length + " outputs but has "
                    + labels.size() + " labels " + labels.labels());
        }
        double[] p = new double[outputs.length];
        switch (activation) {
            case "softmax" -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float o : outputs) {
                    max = Math.max(max, o);
                }
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.exp(outputs[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] /= sum;
                }
            }
            case "sigmoid" -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-outputs[i]));
                }
            }
            default -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.max(0, outputs[i]);
                }
            }
        }
        for (double v : p) {
            if (!Double.isFinite(v)) {
                throw new InferenceException("model output is not finite: " + java.util.Arrays.toString(outputs)
                        + " (damaged weights, or a model that overflows on this input)");
            }
        }
        return p;
    }

    /** Per-label probabilities folded into a distribution over canonical emotions (sums renormalised). */
    public EmotionDistribution distribution(double[] probabilities) {
        return labels.toDistribution(probabilities);
    }

    /** Per-label probabilities keyed by label word, in model order. */
    public Map<String, Double> byLabel(double[] probabilities) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < probabilities.length; i++) {
            m.put(labels.labels().get(i), probabilities[i]);
        }
        return m;
    }

    /** The label words. */
    public List<String> words() {
        return new ArrayList<>(labels.labels());
    }
}
