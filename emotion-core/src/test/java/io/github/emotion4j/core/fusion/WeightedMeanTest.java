package io.github.emotion4j.core.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedMeanTest {
    @Test
    void weightsAreNormalised() {
        assertArrayEquals(new double[] {0.75, 0.25}, WeightedMean.of(List.of(new double[] {1, 0}, new double[] {0, 1}),
                new double[] {3, 1}), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, WeightedMean.of(List.of(new double[] {1, 0}, new double[] {0, 1}),
                new double[] {0, 0}), 1e-12, "all-zero weights count equally");
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(new double[] {1}), new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(new double[] {1}), new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> WeightedMean.of(List.of(), new double[0]));
    }

    @Test
    void distributionsOverTheUnionOfLabels() {
        EmotionDistribution a = new EmotionDistribution(List.of(Emotion.ANGER, Emotion.BOREDOM), new double[] {0.4, 0.6});
        EmotionDistribution b = new EmotionDistribution(List.of(Emotion.ANGER, Emotion.NEUTRAL), new double[] {1, 0});
        EmotionDistribution m = WeightedMean.distributions(List.of(a, b), new double[] {1, 1});
        assertEquals(List.of(Emotion.ANGER, Emotion.NEUTRAL, Emotion.BOREDOM), m.labels());
        assertEquals(0.7, m.probability(Emotion.ANGER), 1e-12);
        assertEquals(0.3, m.probability(Emotion.BOREDOM), 1e-12);
        assertSame(a, WeightedMean.distributions(List.of(a), new double[] {2}));
        EmotionDistribution c = new EmotionDistribution(List.of(Emotion.NEUTRAL, Emotion.ANGER), new double[] {1, 0});
        EmotionDistribution d = new EmotionDistribution(List.of(Emotion.NEUTRAL, Emotion.ANGER), new double[] {0, 1});
        assertEquals(List.of(Emotion.NEUTRAL, Emotion.ANGER), WeightedMean.distributions(List.of(c, d),
                new double[] {1, 3}).labels(), "a shared label order is kept");
        assertEquals(0.75, WeightedMean.distributions(List.of(c, d), new double[] {1, 3}).probability(Emotion.ANGER), 1e-12);
    }

    @Test
    void dimensionsStayOnTheScale() {
        Dimensions d = WeightedMean.dimensions(List.of(new Dimensions(1, -1, 0), new Dimensions(-1, 1, 0.5)),
                new double[] {3, 1});
        assertEquals(0.5, d.valence(), 1e-12);
        assertEquals(-0.5, d.arousal(), 1e-12);
        assertEquals(0.125, d.dominance(), 1e-12);
    }
}
