package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModalityEvidenceTest {
    private static final EmotionDistribution D = new EmotionDistribution(List.of(Emotion.ANGER, Emotion.NEUTRAL),
            new double[] {0.7, 0.3});

    @Test
    void resultsWithoutDistributionGiveNoEvidence() {
        ModalityResult none = ModalityResult.builder(Modality.VISION).warning("no face found").build();
        ModalityResult text = ModalityResult.builder(Modality.TEXT).distribution(D).build();
        Map<Modality, ModalityEvidence> e = ModalityEvidence.of(Map.of(Modality.VISION, none, Modality.TEXT, text));
        assertEquals(List.of(Modality.TEXT), List.copyOf(e.keySet()));
        assertEquals(D, e.get(Modality.TEXT).distribution());
        assertEquals(1.0, e.get(Modality.TEXT).weight(), 0);
        assertTrue(e.get(Modality.TEXT).embedding().isEmpty());
    }

    @Test
    void embeddingsOfTheLastModelArePooled() {
        ModalityResult r = ModalityResult.builder(Modality.TEXT).distribution(D)
                .embedding(new Embedding(Modality.TEXT, new float[] {9, 9, 9}, Optional.empty(), "other"))
                .embedding(new Embedding(Modality.TEXT, new float[] {1, 0}, Optional.of(new TimeSpan(0, 1)), "minilm"))
                .embedding(new Embedding(Modality.TEXT, new float[] {0, 1}, Optional.of(new TimeSpan(1, 2)), "minilm"))
                .build();
        Embedding e = ModalityEvidence.of(r).orElseThrow().embedding().orElseThrow();
        assertEquals("minilm", e.modelId());
        assertArrayEquals(new float[] {0.5f, 0.5f}, e.vector(), 1e-6f);
        assertTrue(e.span().isEmpty());
    }

    @Test
    void checksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ModalityEvidence(Modality.TEXT, D, 0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ModalityEvidence(Modality.TEXT, D, Double.NaN,
                Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ModalityEvidence(Modality.TEXT, D, 1,
                Optional.of(new Embedding(Modality.AUDIO, new float[] {1}, Optional.empty(), "x"))));
    }
}
