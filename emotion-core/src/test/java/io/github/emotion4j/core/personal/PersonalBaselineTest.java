package io.github.emotion4j.core.personal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonalBaselineTest {
    static final List<Emotion> L = List.of(Emotion.HAPPINESS, Emotion.SADNESS, Emotion.NEUTRAL);

    static EmotionDistribution d(double... p) {
        return new EmotionDistribution(L, p);
    }

    @Test
    void theShiftIsTheSmoothedPriorCorrectionWorkedByHand() {
        // k = 2 samples, tau = 2: pbar = (0.3, 0.3, 0.4); counts (0, 0, 2); q = (0 + 2*0.3, 0.6, 2 + 0.8) / 4
        PersonalBaseline b = PersonalBaseline.builder("Ross").strength(2).modality(Modality.TEXT)
                .addNeutral(d(0.4, 0.2, 0.4)).addSample(d(0.2, 0.4, 0.4), Emotion.NEUTRAL).build();
        double e = PersonalBaseline.EPSILON;
        assertArrayEquals(new double[] {Math.log(0.15 + e) - Math.log(0.3 + e), Math.log(0.15 + e) - Math.log(0.3 + e),
                Math.log(0.7 + e) - Math.log(0.4 + e)}, b.logShift(), 1e-12);
        assertEquals(2, b.samples());
        assertEquals(Optional.of(Modality.TEXT), b.modality());
        // adapting the samples' mean gives the smoothed prior q exactly
        EmotionDistribution a = b.adapt(d(0.3, 0.3, 0.4));
        assertEquals(0.15, a.probability(Emotion.HAPPINESS), 1e-5);
        assertEquals(0.7, a.probability(Emotion.NEUTRAL), 1e-5);
    }

    @Test
    void adaptingIsAddingTheShiftToTheLogits() {
        PersonalBaseline b = new PersonalBaseline("p", Optional.empty(), L, new double[] {1.0, -0.5, 0.25}, 3, 5);
        double[] logits = {0.2, 1.3, -0.7};
        EmotionDistribution before = EmotionDistribution.softmax(L, logits);
        EmotionDistribution expected = EmotionDistribution.softmax(L, new double[] {1.2, 0.8, -0.45});
        assertArrayEquals(expected.probabilities(), b.adapt(before).probabilities(), 1e-12);
        // labels it has no shift for keep theirs; zero stays zero
        List<Emotion> other = List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.SADNESS);
        EmotionDistribution o = b.adapt(new EmotionDistribution(other, new double[] {0.5, 0.5, 0.0}));
        assertEquals(0.0, o.probability(Emotion.SADNESS));
        assertEquals(Math.E / (1 + Math.E), o.probability(Emotion.HAPPINESS), 1e-12);
    }

    @Test
    void strengthBoundsTheChangeAndZeroStrengthMovesAllTheWay() {
        EmotionDistribution sad = d(0.2, 0.6, 0.2);
        PersonalBaseline gentle = PersonalBaseline.builder("a").strength(1000).addSample(sad, Emotion.HAPPINESS).build();
        for (double s : gentle.logShift()) {
            assertTrue(Math.abs(s) < 0.01, "a large strength barely changes anything: " + s);
        }
        PersonalBaseline full = PersonalBaseline.builder("a").strength(0).addSample(sad, Emotion.HAPPINESS).build();
        assertTrue(full.adapt(sad).probability(Emotion.HAPPINESS) > 0.99);
        // the default: one sample moves at most 1/6 of the mass towards its label
        PersonalBaseline one = PersonalBaseline.builder("a").addSample(sad, Emotion.HAPPINESS).build();
        assertEquals((1 + 5 * 0.2) / 6, one.adapt(sad).probability(Emotion.HAPPINESS), 1e-5);
        // shifts are clamped
        PersonalBaseline extreme = PersonalBaseline.builder("a").strength(0)
                .addSample(new EmotionDistribution(L, new double[] {0, 0, 1}), Emotion.HAPPINESS).build();
        assertEquals(PersonalBaseline.MAX_SHIFT, extreme.shift(Emotion.HAPPINESS));
        assertEquals(-PersonalBaseline.MAX_SHIFT, extreme.shift(Emotion.NEUTRAL));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThrows(IllegalStateException.class, () -> PersonalBaseline.builder("x").build());
        assertThrows(IllegalArgumentException.class, () -> PersonalBaseline.builder("x").addSample(d(0.2, 0.3, 0.5), Emotion.ANGER));
        PersonalBaseline.Builder mixed = PersonalBaseline.builder("x").addNeutral(d(0.2, 0.3, 0.5))
                .addSample(new EmotionDistribution(List.of(Emotion.NEUTRAL, Emotion.ANGER), new double[] {0.5, 0.5}), Emotion.ANGER);
        IllegalStateException e = assertThrows(IllegalStateException.class, mixed::build);
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PersonalBaseline.builder("x").strength(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PersonalBaseline(" ", Optional.empty(), L, new double[3], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PersonalBaseline("x", Optional.empty(), L, new double[2], 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PersonalBaseline("x", Optional.empty(), L, new double[] {0, Double.NaN, 0}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PersonalBaseline("x", Optional.empty(), L, new double[] {0, 9, 0}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PersonalBaseline("x", Optional.empty(), L, new double[3], 0, 1));
    }
}
