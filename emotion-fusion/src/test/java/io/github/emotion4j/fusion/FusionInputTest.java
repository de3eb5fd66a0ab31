package io.github.emotion4j.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusionInputTest {

    @Test
    void projectsAnyLabelSetOnTheCanonicalSevenAndSkipsResultsWithoutEvidence() {
        EmotionDistribution withBoredom = new EmotionDistribution(List.of(Emotion.ANGER, Emotion.BOREDOM, Emotion.NEUTRAL),
                new double[] {0.3, 0.4, 0.3});
        FusionInput in = FusionInput.of(ModalityEvidence.of(Map.of(
                Modality.AUDIO, ModalityResult.builder(Modality.AUDIO).distribution(withBoredom).build(),
                Modality.VISION, ModalityResult.builder(Modality.VISION).warning("no face found").build())));
        assertTrue(in.has(Modality.AUDIO));
        assertFalse(in.has(Modality.VISION));
        assertEquals(1, in.count());
        double[] p = in.canonical().get(Modality.AUDIO);
        assertEquals(0.5, p[Emotion.CANONICAL.indexOf(Emotion.ANGER)], 1e-12);
        assertEquals(0.5, p[Emotion.CANONICAL.indexOf(Emotion.NEUTRAL)], 1e-12);
    }

    @Test
    void tokenLayout() {
        double[] p = {0.7, 0.1, 0.05, 0.05, 0.05, 0.05, 0.0};
        float[] t = FusionInput.token(p);
        assertEquals(FusionInput.TOKEN_FEATURES, t.length);
        assertEquals(0.7f, t[0], 1e-7);
        assertEquals((float) (Math.log(0.7001) / Math.log(1e4)), t[7], 1e-6);
        assertEquals(-1f, t[13], 1e-5);
        assertEquals(0.6f, t[15], 1e-6);
        assertTrue(t[14] > 0 && t[14] < 1);
        float[] uniform = FusionInput.token(new double[] {1 / 7.0, 1 / 7.0, 1 / 7.0, 1 / 7.0, 1 / 7.0, 1 / 7.0, 1 / 7.0});
        assertEquals(0f, uniform[14], 1e-6);
        assertEquals(0f, uniform[15], 1e-6);
    }

    @Test
    void absentModalitiesGiveZeroTokensAndKeepDropsModalities() {
        FusionInput in = FusionInput.ofCanonical(Map.of(Modality.TEXT, new double[] {1, 0, 0, 0, 0, 0, 0},
                Modality.AUDIO, new double[] {0, 1, 0, 0, 0, 0, 0}));
        assertArrayEquals(new boolean[] {true, false, true}, in.presence());
        assertArrayEquals(new float[FusionInput.TOKEN_FEATURES], in.tokens()[1]);
        FusionInput text = in.keep(Set.of(Modality.TEXT));
        assertArrayEquals(new boolean[] {false, false, true}, text.presence());
        assertThrows(IllegalArgumentException.class, () -> FusionInput.ofCanonical(Map.of(Modality.TEXT, new double[] {1, 0})));
    }

    @Test
    void temperatureSoftensAndSharpens() {
        double[] p = {0.6, 0.3, 0.1};
        double[] soft = Temperature.apply(p, 2);
        double[] sharp = Temperature.apply(p, 0.5);
        assertTrue(soft[0] < 0.6 && sharp[0] > 0.6);
        assertEquals(0.6 * 0.6 / (0.36 + 0.09 + 0.01), sharp[0], 1e-12);
        assertArrayEquals(p, Temperature.apply(p, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Temperature.apply(p, 0));
    }
}
