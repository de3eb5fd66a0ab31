package io.github.emotion4j.core.conversation;

import static io.github.emotion4j.core.label.Emotion.ANGER;
import static io.github.emotion4j.core.label.Emotion.HAPPINESS;
import static io.github.emotion4j.core.label.Emotion.NEUTRAL;
import static io.github.emotion4j.core.label.Emotion.SADNESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.label.Emotion;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inertia and contagion on hand-made dialogues whose figures are worked out by hand in the comments. */
class ConversationStatsTest {
    private static final double EPS = 1e-12;

    // A: hap, hap, hap, sad, sad (turns 0, 2, 4, 6, 8); B: neu, neu, ang, sad (turns 1, 3, 5, 7)
    private static final List<String> SPEAKERS = List.of("A", "B", "A", "B", "A", "B", "A", "B", "A");
    private static final List<Emotion> EMOTIONS = List.of(HAPPINESS, NEUTRAL, HAPPINESS, NEUTRAL, HAPPINESS, ANGER,
            SADNESS, SADNESS, SADNESS);

    @Test
    void inertiaOfEachSpeaker() {
        ConversationStats s = ConversationStats.of(SPEAKERS, EMOTIONS);
        // A's own-turn pairs: hap>hap, hap>hap, hap>sad, sad>sad: 4 pairs, 3 kept.
        EmotionTransitions a = s.inertiaOf("A").orElseThrow();
        assertEquals(4, a.n());
        assertEquals(3, a.same());
        assertEquals(0.75, a.rate(), EPS);
        // earlier: hap 3/4, sad 1/4; later: hap 2/4, sad 2/4 -> chance 3/8 + 1/8 = 0.5; kappa (0.75-0.5)/0.5 = 0.5
        assertEquals(0.5, a.chance(), EPS);
        assertEquals(0.5, a.strength(), EPS);
        assertEquals(2.0 / 3, a.probability(HAPPINESS, HAPPINESS), EPS);
        assertEquals(1.0 / 3, a.probability(HAPPINESS, SADNESS), EPS);
        // B: neu>neu, neu>ang, ang>sad: 3 pairs, 1 kept; earlier neu 2/3, ang 1/3; later 1/3 each -> chance 1/3, kappa 0
        EmotionTransitions b = s.inertiaOf("B").orElseThrow();
        assertEquals(3, b.n());
        assertEquals(1.0 / 3, b.rate(), EPS);
        assertEquals(1.0 / 3, b.chance(), EPS);
        assertEquals(0.0, b.strength(), EPS);
        assertEquals(List.of("A", "B"), s.inertia().stream().map(EmotionTransitions::from).toList());
        // all speakers: 7 pairs, 4 kept
        assertEquals(7, s.overallInertia().n());
        assertEquals(4, s.overallInertia().same());
    }

    @Test
    void contagionPerOrderedPair() {
        ConversationStats s = ConversationStats.of(SPEAKERS, EMOTIONS);
        // A then B: hap>neu, hap>neu, hap>ang, sad>sad
        EmotionTransitions ab = s.contagion("A", "B").orElseThrow();
        assertEquals(4, ab.n());
        assertEquals(1, ab.same());
        assertEquals(2.0 / 3, ab.probability(HAPPINESS, NEUTRAL), EPS);
        assertEquals(1.0 / 3, ab.probability(HAPPINESS, ANGER), EPS);
        assertEquals(1.0, ab.probability(SADNESS, SADNESS), EPS);
        assertTrue(Double.isNaN(ab.probability(ANGER, ANGER)), "A never was angry");
        // B then A: neu>hap, neu>hap, ang>sad, sad>sad
        EmotionTransitions ba = s.contagion("B", "A").orElseThrow();
        assertEquals(4, ba.n());
        assertEquals(1.0, ba.probability(NEUTRAL, HAPPINESS), EPS);
        assertEquals(1.0, ba.probability(ANGER, SADNESS), EPS);
        assertEquals(0.25, ba.rate(), EPS);
        assertEquals(8, s.overallContagion().n());
        assertEquals(2, s.overallContagion().same());
        assertEquals(0.25, s.overallContagion().rate(), EPS);
    }

    @Test
    void aTurnWithoutEmotionFormsNoPair() {
        // A hap, B ?, A hap, B sad: inertia A 1 pair; B has one judged turn only; contagion: only A(t2) > B(t3)
        ConversationStats s = ConversationStats.of(List.of("A", "B", "A", "B"),
                Arrays.asList(HAPPINESS, null, HAPPINESS, SADNESS));
        assertEquals(1, s.inertiaOf("A").orElseThrow().n());
        assertTrue(s.inertiaOf("B").isEmpty());
        assertEquals(1, s.contagion("A", "B").orElseThrow().n());
        assertTrue(s.contagion("B", "A").isEmpty());
    }

    @Test
    void pairsNeverCrossConversations() {
        ConversationStats s = ConversationStats.accumulator()
                .add(List.of("A", "B"), List.of(HAPPINESS, HAPPINESS))
                .add(List.of("B", "A"), List.of(SADNESS, SADNESS))
                .build();
        // within each: one contagion pair; A's and B's turns in different conversations are not paired
        assertEquals(1, s.contagion("A", "B").orElseThrow().n());
        assertEquals(1, s.contagion("B", "A").orElseThrow().n());
        assertTrue(s.inertia().isEmpty());
        assertEquals(1.0, s.overallContagion().rate(), EPS);
    }

    @Test
    void emptyAndSingleTurn() {
        ConversationStats empty = ConversationStats.of(List.of(), List.of());
        assertEquals(0, empty.overallInertia().n());
        assertTrue(Double.isNaN(empty.overallInertia().rate()));
        ConversationStats one = ConversationStats.of(List.of("A"), List.of(ANGER));
        assertTrue(one.inertia().isEmpty());
        assertTrue(one.contagion().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ConversationStats.of(List.of("A"), List.of()));
    }

    @Test
    void oneEmotionOnlyHasNoStrength() {
        ConversationStats s = ConversationStats.of(List.of("A", "A", "A"), List.of(NEUTRAL, NEUTRAL, NEUTRAL));
        EmotionTransitions a = s.inertiaOf("A").orElseThrow();
        assertEquals(1.0, a.rate(), EPS);
        assertEquals(1.0, a.chance(), EPS);
        assertTrue(Double.isNaN(a.strength()));
    }
}
