package io.github.emotion4j.core;

import java.util.Map;
import java.util.Objects;

/**
 * One stretch of the timeline.
 *
 * @param span         start and end in seconds
 * @param distribution the segment's (fused, or single-modality) distribution
 * @param dimensions   valence/arousal/dominance for the segment
 * @param modalities   the per-modality distributions that overlap the segment
 * @param source       what the segment is, e.g. {@code "speech"}, {@code "face#1"}, {@code "subtitle 3"}, {@code "fused"}
 */
public record Segment(TimeSpan span, EmotionDistribution distribution, Dimensions dimensions,
                      Map<Modality, EmotionDistribution> modalities, String source) {
    public Segment {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(dimensions, "dimensions");
        modalities = Map.copyOf(modalities);
        Objects.requireNonNull(source, "source");
    }

    /** A single-modality segment whose dimensions come from the distribution. */
    public static Segment of(Modality modality, TimeSpan span, EmotionDistribution distribution, String source) {
        return new Segment(span, distribution, distribution.dimensions(), Map.of(modality, distribution), source);
    }
}
