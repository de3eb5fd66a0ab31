package io.github.emotion4j.core.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionsTest {
    private static final List<Emotion> L = List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL);

    private static ModalityResult r(Modality m, double... p) {
        return ModalityResult.builder(m).distribution(new EmotionDistribution(L, p)).build();
    }

    private static Map<Modality, ModalityEvidence> of(ModalityResult... rs) {
        Map<Modality, ModalityResult> m = new EnumMap<>(Modality.class);
        for (ModalityResult x : rs) {
            m.put(x.modality(), x);
        }
        return ModalityEvidence.of(m);
    }

    @Test
    void singleModalityPassesThrough() {
        ModalityResult a = r(Modality.AUDIO, 0.6, 0.3, 0.1);
        for (FusionStrategy s : List.of(Fusions.probabilityGuided(), Fusions.late(), Fusions.productOfExperts())) {
            FusionResult f = s.fuse(of(a));
            assertEquals(Emotion.ANGER, f.distribution().top().label(), s.name());
            assertEquals(1.0, f.weights().get(Modality.AUDIO), 1e-12);
            assertEquals(0.0, f.inconsistency(), 1e-12);
            assertTrue(f.mostDisagreeing().isEmpty());
        }
        assertEquals(0.6, Fusions.late().fuse(of(a)).distribution().probability(Emotion.ANGER), 1e-12);
    }

    @Test
    void lateFusionAverages() {
        FusionResult f = Fusions.late().fuse(of(r(Modality.AUDIO, 1, 0, 0), r(Modality.TEXT, 0, 1, 0)));
        assertEquals(0.5, f.distribution().probability(Emotion.ANGER), 1e-12);
        assertEquals(1.0, f.inconsistency(), 1e-9, "disjoint one-hots disagree fully");
        FusionResult w = Fusions.late(Map.of(Modality.AUDIO, 3.0)).fuse(of(r(Modality.AUDIO, 1, 0, 0), r(Modality.TEXT, 0, 1, 0)));
        assertEquals(0.75, w.distribution().probability(Emotion.ANGER), 1e-12);
    }

    @Test
    void productOfExpertsSharpensAgreement() {
        Map<Modality, ModalityEvidence> in = of(r(Modality.AUDIO, 0.5, 0.3, 0.2), r(Modality.TEXT, 0.5, 0.2, 0.3));
        double avg = Fusions.late().fuse(in).distribution().probability(Emotion.ANGER);
        double poe = Fusions.productOfExperts().fuse(in).distribution().probability(Emotion.ANGER);
        assertTrue(poe > avg, poe + " vs " + avg);
    }

    @Test
    void probabilityGuidedTrustsConfidentAndConsistentModalities() {
        // audio and vision agree on anger, text is unsure and leans happy
        Map<Modality, ModalityEvidence> in = of(r(Modality.AUDIO, 0.8, 0.1, 0.1), r(Modality.VISION, 0.7, 0.1, 0.2),
                r(Modality.TEXT, 0.3, 0.4, 0.3));
        FusionResult f = Fusions.probabilityGuided().fuse(in);
        assertEquals(Emotion.ANGER, f.distribution().top().label());
        assertTrue(f.weights().get(Modality.TEXT) < f.weights().get(Modality.AUDIO));
        assertTrue(f.weights().get(Modality.TEXT) < 0.2, f.weights().toString());
        assertTrue(f.distribution().probability(Emotion.ANGER) > Fusions.late().fuse(in).distribution().probability(Emotion.ANGER));
        assertTrue(f.inconsistency() > 0 && f.inconsistency() < 1);
        ModalityPair worst = f.mostDisagreeing().orElseThrow();
        assertTrue(worst.first() == Modality.TEXT || worst.second() == Modality.TEXT, worst.toString());
    }

    @Test
    void namedLooksUpStrategies() {
        assertEquals("probability-guided", Fusions.named("probability").name());
        assertEquals("late", Fusions.named("LATE").name());
        assertEquals("product-of-experts", Fusions.named("product").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fusions.named("magic"));
        assertTrue(e.getMessage().contains("probability"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fusions.late().fuse(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Fusions.late(Map.of(Modality.AUDIO, -1.0)));
    }

    @Test
    void differentLabelSpacesAreAligned() {
        ModalityResult a = ModalityResult.builder(Modality.AUDIO).distribution(new EmotionDistribution(
                List.of(Emotion.ANGER, Emotion.BOREDOM), new double[] {0.4, 0.6})).build();
        ModalityResult t = r(Modality.TEXT, 0.2, 0.2, 0.6);
        FusionResult f = Fusions.late().fuse(of(a, t));
        assertEquals(List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL, Emotion.BOREDOM), f.distribution().labels());
        assertEquals(0.3, f.distribution().probability(Emotion.BOREDOM), 1e-12);
    }

    @Test
    void abstainingKeepsTheDistributionAndSaysUncertain() {
        Map<Modality, ModalityEvidence> in = of(r(Modality.AUDIO, 0.4, 0.35, 0.25), r(Modality.TEXT, 0.45, 0.3, 0.25));
        FusionResult plain = Fusions.late().fuse(in);
        FusionResult unsure = Fusions.abstaining(Fusions.late(), 0.5).fuse(in);
        assertTrue(unsure.abstained());
        assertTrue(unsure.decision().isEmpty());
        assertEquals(plain.distribution(), unsure.distribution());
        assertEquals(0.5, unsure.details().get("abstain.threshold"), 0);
        FusionResult sure = Fusions.abstaining(Fusions.late(), 0.4).fuse(in);
        assertTrue(!sure.abstained() && sure.decision().orElseThrow().label() == Emotion.ANGER);
        assertTrue(!plain.abstained() && plain.details().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Fusions.abstaining(Fusions.late(), 1.5));
    }

    @Test
    void evidenceWeightScalesThePlainStrategies() {
        Map<Modality, ModalityEvidence> in = new EnumMap<>(Modality.class);
        in.put(Modality.AUDIO, new ModalityEvidence(Modality.AUDIO, new EmotionDistribution(L, new double[] {1, 0, 0}),
                3.0, java.util.Optional.empty()));
        in.put(Modality.TEXT, ModalityEvidence.of(Modality.TEXT, new EmotionDistribution(L, new double[] {0, 1, 0})));
        FusionResult late = Fusions.late().fuse(in);
        assertEquals(0.75, late.distribution().probability(Emotion.ANGER), 1e-12);
        assertEquals(0.75, late.weights().get(Modality.AUDIO), 1e-12);
        FusionResult pg = Fusions.probabilityGuided().fuse(in);
        assertEquals(0.75, pg.weights().get(Modality.AUDIO), 1e-12, "equal confidence and agreement: weight decides");
    }
}
