package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How emotions persist within a speaker and pass between speakers, from one emotion per turn
 * (predicted, or gold for evaluation). Immutable.
 *
 * <ul>
 *   <li><b>Inertia</b> of a speaker: each of their turns paired with their own next turn in the
 *       same conversation (other speakers' turns in between are skipped). {@link EmotionTransitions#rate()}
 *       says how often the emotion was kept, {@link EmotionTransitions#strength()} how much more
 *       than chance.</li>
 *   <li><b>Contagion</b> from speaker A to listener B: each turn of A paired with the turn right
 *       after it when B (not A) says it; {@link EmotionTransitions#probability(Emotion, Emotion)} is
 *       P(B's emotion | A's emotion) and {@link EmotionTransitions#rate()} how often B took on A's emotion.</li>
 * </ul>
 * A turn without emotion (no text to judge) forms no pair; for contagion it also breaks the
 * adjacency of its neighbours. Pairs never cross from one conversation to the next.
 *
 * @param inertia   per speaker, in order of first appearance ({@code from == to}); speakers with a single turn are left out
 * @param contagion per ordered speaker pair, in order of first occurrence; pairs never adjacent are left out
 * @param overallInertia   the inertia counts summed over speakers ({@code "*" -> "*"})
 * @param overallContagion the contagion counts summed over pairs ({@code "*" -> "*"})
 */
public record ConversationStats(List<EmotionTransitions> inertia, List<EmotionTransitions> contagion,
                                EmotionTransitions overallInertia, EmotionTransitions overallContagion) {
    /** Checks the components and copies the lists. */
    public ConversationStats {
        inertia = List.copyOf(inertia);
        contagion = List.copyOf(contagion);
        Objects.requireNonNull(overallInertia, "overallInertia");
        Objects.requireNonNull(overallContagion, "overallContagion");
    }

    /**
     * The figures of one conversation.
     *
     * @param speakers the speaker of each turn, in order
     * @param emotions the emotion of each turn (null for a turn without one), same length
     */
    public static ConversationStats of(List<String> speakers, List<Emotion> emotions) {
        return accumulator().add(speakers, emotions).build();
    }

    /** Figures summed over many conversations: {@link Accumulator#add} each, then {@link Accumulator#build()}. */
    public static Accumulator accumulator() {
        return new Accumulator();
    }

    /** The inertia of one speaker, if they had at least two turns with emotions. */
    public java.util.Optional<EmotionTransitions> inertiaOf(String speaker) {
        return inertia.stream().filter(t -> t.from().equals(speaker)).findFirst();
    }

    /** The contagion from one speaker to another, if their turns were ever adjacent. */
    public java.util.Optional<EmotionTransitions> contagion(String speaker, String listener) {
        return contagion.stream().filter(t -> t.from().equals(speaker) && t.to().equals(listener)).findFirst();
    }

    /** Sums transition counts over conversations. Not thread-safe. */
    public static final class Accumulator {
        private static final int K = Emotion.values().length;
        private final Map<String, int[][]> inertia = new LinkedHashMap<>();
        private final Map<List<String>, int[][]> contagion = new LinkedHashMap<>();

        private Accumulator() {
        }

        /**
         * Adds one conversation.
         *
         * @param speakers the speaker of each turn, in order
         * @param emotions the emotion of each turn (null for a turn without one), same length
         */
        public Accumulator add(List<String> speakers, List<Emotion> emotions) {
            Objects.requireNonNull(speakers, "speakers");
            Objects.requireNonNull(emotions, "emotions");
            if (speakers.size() != emotions.size()) {
                throw new IllegalArgumentException(speakers.size() + " speakers but " + emotions.size() + " emotions");
            }
            Map<String, Integer> lastTurn = new HashMap<>();
            for (int t = 0; t < speakers.size(); t++) {
                String s = Objects.requireNonNull(speakers.get(t), "speaker");
                Emotion e = emotions.get(t);
                Integer prev = lastTurn.put(s, t);
                if (prev != null && e != null && emotions.get(prev) != null) {
                    inertia.computeIfAbsent(s, k -> new int[K][K])[emotions.get(prev).ordinal()][e.ordinal()]++;
                }
                if (t > 0 && e != null && emotions.get(t - 1) != null && !speakers.get(t - 1).equals(s)) {
                    contagion.computeIfAbsent(List.of(speakers.get(t - 1), s), k -> new int[K][K])
                            [emotions.get(t - 1).ordinal()][e.ordinal()]++;
                }
            }
            return this;
        }

        /** The figures of everything added. */
        public ConversationStats build() {
            List<EmotionTransitions> in = new ArrayList<>();
            int[][] allIn = new int[K][K];
            inertia.forEach((s, c) -> {
                in.add(new EmotionTransitions(s, s, c));
                addInto(allIn, c);
            });
            List<EmotionTransitions> co = new ArrayList<>();
            int[][] allCo = new int[K][K];
            contagion.forEach((p, c) -> {
                co.add(new EmotionTransitions(p.get(0), p.get(1), c));
                addInto(allCo, c);
            });
            return new ConversationStats(in, co, new EmotionTransitions("*", "*", allIn),
                    new EmotionTransitions("*", "*", allCo));
        }

        private static void addInto(int[][] sum, int[][] c) {
            for (int i = 0; i < K; i++) {
                for (int j = 0; j < K; j++) {
                    sum[i][j] += c[i][j];
                }
            }
        }
    }
}
