package io.github.emotion4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fusion strategy reads of one modality: its distribution, how much it should count and,
 * when it has one, the encoder embedding it came from. Built from a {@link ModalityResult} (the
 * whole input) or from a {@link Segment}'s distribution (one stretch of the timeline). Immutable.
 *
 * @param modality     the modality
 * @param distribution the modality's distribution
 * @param weight       how much the modality counts, finite and {@code > 0}; 1 for a full result.
 *                     The plain strategies multiply it into their own weights; the trained
 *                     networks read presence only
 * @param embedding    the encoder embedding for the same stretch, when the modality has one
 */
public record ModalityEvidence(Modality modality, EmotionDistribution distribution, double weight,
                               Optional<Embedding> embedding) {
    public ModalityEvidence {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(distribution, "distribution");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of " + modality + " must be finite and > 0, was " + weight);
        }
        Objects.requireNonNull(embedding, "embedding");
        embedding.ifPresent(e -> {
            if (e.modality() != modality) {
                throw new IllegalArgumentException("a " + e.modality() + " embedding cannot be " + modality + " evidence");
            }
        });
    }

    /** A distribution alone, weight 1, no embedding (e.g. a timeline segment, another system's scores). */
    public static ModalityEvidence of(Modality modality, EmotionDistribution distribution) {
        return new ModalityEvidence(modality, distribution, 1.0, Optional.empty());
    }

    /**
     * The evidence of one result, or empty when it has no distribution. Its embedding is the
     * result's only embedding, or, when it has several, the mean of those made by the model of
     * the last one (e.g. one MiniLM vector per subtitle, pooled).
     */
    public static Optional<ModalityEvidence> of(ModalityResult result) {
        Objects.requireNonNull(result, "result");
        return result.distribution().map(d -> new ModalityEvidence(result.modality(), d, 1.0,
                pooled(result.embeddings())));
    }

    /** The evidence of every result that has a distribution, by modality. */
    public static Map<Modality, ModalityEvidence> of(Map<Modality, ModalityResult> results) {
        Objects.requireNonNull(results, "results");
        Map<Modality, ModalityEvidence> out = new EnumMap<>(Modality.class);
        results.forEach((m, r) -> of(r).ifPresent(e -> out.put(m, e)));
        return Collections.unmodifiableMap(out);
    }

    /** Distributions alone, weight 1 each, by modality. */
    public static Map<Modality, ModalityEvidence> ofDistributions(Map<Modality, EmotionDistribution> distributions) {
        Objects.requireNonNull(distributions, "distributions");
        Map<Modality, ModalityEvidence> out = new EnumMap<>(Modality.class);
        distributions.forEach((m, d) -> out.put(m, of(m, d)));
        return Collections.unmodifiableMap(out);
    }

    /** This evidence with another distribution (weight and embedding kept). */
    public ModalityEvidence withDistribution(EmotionDistribution d) {
        return new ModalityEvidence(modality, d, weight, embedding);
    }

    private static Optional<Embedding> pooled(List<Embedding> embeddings) {
        if (embeddings.isEmpty()) {
            return Optional.empty();
        }
        Embedding last = embeddings.get(embeddings.size() - 1);
        List<Embedding> same = new ArrayList<>();
        for (Embedding e : embeddings) {
            if (e.modelId().equals(last.modelId()) && e.dimension() == last.dimension()) {
                same.add(e);
            }
        }
        if (same.size() == 1) {
            return Optional.of(last);
        }
        float[] mean = new float[last.dimension()];
        for (Embedding e : same) {
            float[] v = e.vector();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i] / same.size();
            }
        }
        return Optional.of(new Embedding(last.modality(), mean, Optional.empty(), last.modelId()));
    }
}
