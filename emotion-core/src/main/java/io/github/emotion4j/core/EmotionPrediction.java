package io.github.emotion4j.core;

import io.github.emotion4j.core.fusion.FusionResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer for one input: the fused distribution, what each modality found, and the
 * timeline.
 *
 * @param fused       the fused distribution; uniform over the canonical emotions when no
 *                    modality found evidence (then {@link #hasEvidence()} is false and
 *                    {@link #warnings()} says why)
 * @param dimensions  valence/arousal/dominance of the whole input
 * @param modalities  per-modality results, including those that found nothing
 * @param timeline    fused segments in time order (empty for timeless input)
 * @param cues        explanation cues from all modalities
 * @param warnings    all warnings
 * @param fusion      how the modalities were combined: strategy, weights, inconsistency
 * @param provenance  models, engines, devices
 */
public record EmotionPrediction(EmotionDistribution fused, Dimensions dimensions,
                                Map<Modality, ModalityResult> modalities, List<Segment> timeline,
                                List<Cue> cues, List<String> warnings, FusionResult fusion,
                                Provenance provenance) {
    public EmotionPrediction {
        Objects.requireNonNull(fused, "fused");
        Objects.requireNonNull(dimensions, "dimensions");
        Map<Modality, ModalityResult> m = new EnumMap<>(Modality.class);
        m.putAll(modalities);
        modalities = java.util.Collections.unmodifiableMap(m);
        timeline = List.copyOf(timeline);
        cues = List.copyOf(cues);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** The result of one modality, if it ran. */
    public Optional<ModalityResult> modality(Modality modality) {
        return Optional.ofNullable(modalities.get(modality));
    }

    /**
     * Whether at least one modality produced a distribution.
     *
     * <p>When false, {@link #fused()} is only the uniform placeholder over
     * {@link io.github.emotion4j.core.label.Emotion#CANONICAL} that the recognizer fills in and
     * {@link #top()} names whichever label comes first (anger): it is no claim about the input.
     * Writers and user code should check this before reporting a top label; the emotion4j writers
     * print "no evidence" instead.
     */
    public boolean hasEvidence() {
        return modalities.values().stream().anyMatch(ModalityResult::hasEvidence);
    }

    /**
     * The faces the vision modality saw ({@link ModalityResult#faces()} of the vision result):
     * one per face of an image, one per person per window of a video; empty without vision.
     */
    public List<FaceObservation> faces() {
        return modality(Modality.VISION).map(ModalityResult::faces).orElse(List.of());
    }

    /** Shortcut for {@code fused().top()}. */
    public LabelScore top() {
        return fused.top();
    }
}
