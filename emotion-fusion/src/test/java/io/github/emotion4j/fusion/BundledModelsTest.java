package io.github.emotion4j.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default weights shipped in the models jar, found by name through the FusionProvider SPI. */
class BundledModelsTest {

    private static ModalityEvidence r(Modality m, double... p) {
        return ModalityEvidence.of(m, new EmotionDistribution(Emotion.CANONICAL, p));
    }

    @Test
    void namedStrategiesLoadTheBundledWeightsAndFuseAnySubset() throws Exception {
        assertInstanceOf(AttentionFusion.class, Fusions.named("attention"));
        assertInstanceOf(MixtureOfExpertsFusion.class, Fusions.named("MoE"));
        Map<Modality, ModalityEvidence> angry = new EnumMap<>(Modality.class);
        angry.put(Modality.AUDIO, r(Modality.AUDIO, 0.8, 0.02, 0.04, 0.04, 0.02, 0.02, 0.06));
        angry.put(Modality.VISION, r(Modality.VISION, 0.7, 0.1, 0.05, 0.02, 0.05, 0.03, 0.05));
        angry.put(Modality.TEXT, r(Modality.TEXT, 0.6, 0.1, 0.05, 0.05, 0.1, 0.05, 0.05));
        for (String name : List.of("attention", "moe")) {
            FusionStrategy s = Fusions.named(name);
            FusionResult f = s.fuse(angry);
            assertEquals(Emotion.ANGER, f.distribution().top().label(), name + " " + f);
            assertEquals(1, f.weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            for (Modality m : Modality.values()) {
                FusionResult one = s.fuse(Map.of(m, angry.get(m)));
                assertEquals(Emotion.ANGER, one.distribution().top().label(), name + " " + m + " " + one);
            }
        }
        // the cards are valid core model cards too, and the weights match their SHA-256
        for (String id : List.of(AttentionFusion.DEFAULT_MODEL, MixtureOfExpertsFusion.DEFAULT_MODEL)) {
            var card = ModelLocator.fromClasspath(id).card();
            assertEquals("fusion", card.task());
            assertTrue(card.property("pairing").orElseThrow().contains("not recorded together"));
            assertTrue(card.property("temperature.vision").isPresent());
        }
    }
}
