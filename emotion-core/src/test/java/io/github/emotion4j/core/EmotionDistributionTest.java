package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmotionDistributionTest {
    private static final List<Emotion> THREE = List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL);

    @Test
    void rejectsInvalidProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(THREE, new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(THREE, new double[] {0.5, 0.6, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(THREE, new double[] {-0.1, 1.0, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(THREE, new double[] {Double.NaN, 0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(List.of(Emotion.ANGER, Emotion.ANGER),
                new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new EmotionDistribution(List.of(), new double[0]));
    }

    @Test
    void isImmutable() {
        double[] p = {0.2, 0.5, 0.3};
        EmotionDistribution d = new EmotionDistribution(THREE, p);
        p[0] = 0.9;
        assertEquals(0.2, d.probability(Emotion.ANGER));
        d.probabilities()[0] = 0.9;
        assertEquals(0.2, d.probability(Emotion.ANGER));
    }

    @Test
    void topMarginEntropy() {
        EmotionDistribution d = new EmotionDistribution(THREE, new double[] {0.2, 0.5, 0.3});
        assertEquals(new LabelScore(Emotion.HAPPINESS, 0.5), d.top());
        assertEquals(0.2, d.margin(), 1e-12);
        double h = -(0.2 * Math.log(0.2) + 0.5 * Math.log(0.5) + 0.3 * Math.log(0.3));
        assertEquals(h, d.entropy(), 1e-12);
        assertEquals(h / Math.log(3), d.normalizedEntropy(), 1e-12);
        assertEquals(Emotion.NEUTRAL, d.ranked().get(1).label());
        assertEquals(0, d.probability(Emotion.FEAR));
        EmotionDistribution u = EmotionDistribution.uniform(THREE);
        assertEquals(1.0, u.normalizedEntropy(), 1e-12);
        assertEquals(0.0, u.margin(), 1e-12);
    }

    @Test
    void softmaxAndScores() {
        EmotionDistribution s = EmotionDistribution.softmax(THREE, new double[] {1000, 1000, 1000});
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, s.probabilities(), 1e-12);
        EmotionDistribution f = EmotionDistribution.fromScores(THREE, new double[] {2, 6, 2});
        assertEquals(0.6, f.probability(Emotion.HAPPINESS), 1e-12);
        assertEquals(EmotionDistribution.uniform(THREE), EmotionDistribution.fromScores(THREE, new double[3]));
        EmotionDistribution m = EmotionDistribution.fromScores(Map.of(Emotion.SADNESS, 1.0, Emotion.ANGER, 3.0));
        assertEquals(List.of(Emotion.ANGER, Emotion.SADNESS), m.labels());
        assertThrows(IllegalArgumentException.class, () -> EmotionDistribution.softmax(THREE, new double[] {Double.NaN, 0, 0}));
    }

    @Test
    void projectsOntoOtherLabels() {
        EmotionDistribution d = new EmotionDistribution(THREE, new double[] {0.2, 0.5, 0.3});
        EmotionDistribution o = d.over(List.of(Emotion.HAPPINESS, Emotion.FEAR));
        assertEquals(1.0, o.probability(Emotion.HAPPINESS), 1e-12);
        assertEquals(EmotionDistribution.uniform(List.of(Emotion.FEAR)), d.over(List.of(Emotion.FEAR)));
        assertNotEquals(d, o);
    }
}
