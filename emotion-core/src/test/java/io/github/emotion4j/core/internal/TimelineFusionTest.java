package io.github.emotion4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineFusionTest {
    private static final List<Emotion> L = List.of(Emotion.ANGER, Emotion.HAPPINESS);

    @Test
    void eachPieceIsFusedFromItsSegmentsAsEvidence() {
        EmotionDistribution angry = new EmotionDistribution(L, new double[] {1, 0});
        EmotionDistribution happy = new EmotionDistribution(L, new double[] {0, 1});
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        // two faces over the same second: averaged before fusion
        results.put(Modality.VISION, ModalityResult.builder(Modality.VISION).distribution(angry)
                .segment(Segment.of(Modality.VISION, new TimeSpan(0, 1), angry, "face#1"))
                .segment(Segment.of(Modality.VISION, new TimeSpan(0, 1), happy, "face#2")).build());
        results.put(Modality.TEXT, ModalityResult.builder(Modality.TEXT).distribution(happy)
                .segment(Segment.of(Modality.TEXT, new TimeSpan(0.5, 2), happy, "subtitle 1")).build());
        List<Map<Modality, ModalityEvidence>> seen = new ArrayList<>();
        FusionStrategy recording = new FusionStrategy() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
                seen.add(evidence);
                return Fusions.late().fuse(evidence);
            }
        };
        List<Segment> timeline = TimelineFusion.fuse(results, recording);
        assertEquals(3, timeline.size(), timeline.toString());
        assertEquals(3, seen.size());
        ModalityEvidence faces = seen.get(0).get(Modality.VISION);
        assertEquals(0.5, faces.distribution().probability(Emotion.ANGER), 1e-12);
        assertEquals(1.0, faces.weight(), 0);
        assertTrue(faces.embedding().isEmpty());
        assertEquals(0.25, timeline.get(1).distribution().probability(Emotion.ANGER), 1e-12);
        assertEquals(Map.of(Modality.TEXT, happy), timeline.get(2).modalities());
    }
}
