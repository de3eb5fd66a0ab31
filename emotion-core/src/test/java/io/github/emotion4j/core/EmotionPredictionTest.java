package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmotionPredictionTest {
    private static final EmotionDistribution UNIFORM = EmotionDistribution.uniform(Emotion.CANONICAL);

    private static EmotionPrediction prediction(ModalityResult... results) {
        Map<Modality, ModalityResult> m = new java.util.EnumMap<>(Modality.class);
        for (ModalityResult r : results) {
            m.put(r.modality(), r);
        }
        return new EmotionPrediction(UNIFORM, new Dimensions(0, 0, 0), m, List.of(), List.of(), List.of(),
                new FusionResult("late", UNIFORM, Map.of(), 0, Optional.empty()), new Provenance(List.of(), "test"));
    }

    @Test
    void evidenceMeansAtLeastOneModalityHasADistribution() {
        ModalityResult none = ModalityResult.builder(Modality.VISION).warning("no face found").build();
        ModalityResult some = ModalityResult.builder(Modality.TEXT).distribution(UNIFORM).build();
        assertFalse(prediction().hasEvidence(), "no modality ran");
        assertFalse(prediction(none).hasEvidence(), "a modality that found nothing");
        assertTrue(prediction(none, some).hasEvidence());
        assertTrue(prediction(some).hasEvidence(), "a uniform distribution from a model is still evidence");
    }
}
