package io.github.emotion4j.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class VadPrototypesTest {

    @Test
    void oneHotDistributionGivesThePrototype() {
        EmotionDistribution d = new EmotionDistribution(List.of(Emotion.ANGER, Emotion.NEUTRAL), new double[] {1, 0});
        assertEquals(VadPrototypes.of(Emotion.ANGER), d.dimensions());
    }

    @Test
    void expectationIsLinear() {
        EmotionDistribution d = new EmotionDistribution(List.of(Emotion.HAPPINESS, Emotion.SADNESS), new double[] {0.5, 0.5});
        Dimensions h = VadPrototypes.of(Emotion.HAPPINESS);
        Dimensions s = VadPrototypes.of(Emotion.SADNESS);
        Dimensions x = VadPrototypes.expectation(d);
        assertEquals((h.valence() + s.valence()) / 2, x.valence(), 1e-12);
        assertEquals((h.arousal() + s.arousal()) / 2, x.arousal(), 1e-12);
        assertEquals((h.dominance() + s.dominance()) / 2, x.dominance(), 1e-12);
    }

    @Test
    void signsMatchTheCircumplex() {
        assertTrue(VadPrototypes.of(Emotion.HAPPINESS).valence() > 0.5);
        assertTrue(VadPrototypes.of(Emotion.ANGER).valence() < 0 && VadPrototypes.of(Emotion.ANGER).arousal() > 0);
        assertTrue(VadPrototypes.of(Emotion.SADNESS).arousal() < 0);
        assertTrue(VadPrototypes.of(Emotion.FEAR).dominance() < 0 && VadPrototypes.of(Emotion.ANGER).dominance() > 0);
    }

    @Test
    void mixtureOfAPrototypePicksThatCategory() {
        for (Emotion e : Emotion.CANONICAL) {
            EmotionDistribution m = VadPrototypes.mixture(VadPrototypes.of(e), 0.35);
            assertEquals(e, m.top().label(), "prototype of " + e);
        }
        EmotionDistribution wide = VadPrototypes.mixture(new Dimensions(0, 0, 0), 100);
        assertTrue(wide.normalizedEntropy() > 0.99);
        assertThrows(IllegalArgumentException.class, () -> VadPrototypes.mixture(new Dimensions(0, 0, 0), 0));
    }

    @Test
    void dimensionsValidateRangeAndConvertUnitScale() {
        assertThrows(IllegalArgumentException.class, () -> new Dimensions(1.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Dimensions(Double.NaN, 0, 0));
        Dimensions d = Dimensions.fromUnitScale(1.0, 0.5, 0.0);
        assertEquals(new Dimensions(1, 0, -1), d);
    }
}
