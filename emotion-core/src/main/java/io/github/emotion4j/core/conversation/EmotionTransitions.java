package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.label.Emotion;
import java.util.Objects;

/**
 * Counts of emotion transitions between pairs of turns: {@code counts[a][b]} is how often a turn
 * with emotion {@code a} (by {@link #from()}) was followed by a turn with emotion {@code b} (by
 * {@link #to()}); rows and columns are indexed by {@link Emotion#ordinal()}. For inertia
 * {@code from} and {@code to} are the same speaker (a turn and that speaker's next turn); for
 * contagion they are the speaker of a turn and the different speaker of the turn right after it.
 * {@code "*"} stands for every speaker (the figures summed over speakers or pairs). Immutable.
 *
 * @param from   the speaker of the earlier turn, or {@code "*"}
 * @param to     the speaker of the later turn, or {@code "*"}
 * @param counts transition counts, {@code Emotion.values().length} square (copied)
 */
public record EmotionTransitions(String from, String to, int[][] counts) {
    private static final int K = Emotion.values().length;

    /** Checks the shape and copies the counts. */
    public EmotionTransitions {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(counts, "counts");
        if (counts.length != K) {
            throw new IllegalArgumentException("counts must be " + K + " square");
        }
        int[][] c = new int[K][];
        for (int i = 0; i < K; i++) {
            if (counts[i].length != K) {
                throw new IllegalArgumentException("counts must be " + K + " square");
            }
            c[i] = counts[i].clone();
            for (int v : c[i]) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts must be >= 0");
                }
            }
        }
        counts = c;
    }

    /** A copy of the counts. */
    @Override
    public int[][] counts() {
        int[][] c = new int[K][];
        for (int i = 0; i < K; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    /** How often {@code a} was followed by {@code b}. */
    public int count(Emotion a, Emotion b) {
        return counts[a.ordinal()][b.ordinal()];
    }

    /** Number of turn pairs counted. */
    public int n() {
        int n = 0;
        for (int[] row : counts) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Pairs whose emotion was the same in both turns. */
    public int same() {
        int s = 0;
        for (int i = 0; i < K; i++) {
            s += counts[i][i];
        }
        return s;
    }

    /** How often the later turn kept the earlier turn's emotion: {@link #same()} / {@link #n()}; NaN when n is 0. */
    public double rate() {
        int n = n();
        return n == 0 ? Double.NaN : same() / (double) n;
    }

    /**
     * The rate expected by chance if the later emotion did not depend on the earlier one:
     * {@code sum over e of P(earlier = e) * P(later = e)}, from the margins of the counts; NaN when n is 0.
     */
    public double chance() {
        int n = n();
        if (n == 0) {
            return Double.NaN;
        }
        double c = 0;
        for (int e = 0; e < K; e++) {
            int row = 0;
            int col = 0;
            for (int j = 0; j < K; j++) {
                row += counts[e][j];
                col += counts[j][e];
            }
            c += (row / (double) n) * (col / (double) n);
        }
        return c;
    }

    /**
     * How strongly the emotion carries over beyond chance, Cohen's kappa between the two turns'
     * emotions: {@code (rate - chance) / (1 - chance)}; 1 = always kept, 0 = as by chance, below 0 =
     * less than chance. NaN when n is 0 or chance is 1 (one emotion only: nothing to tell apart).
     */
    public double strength() {
        double p = rate();
        double c = chance();
        return Double.isNaN(p) || c >= 1 ? Double.NaN : (p - c) / (1 - c);
    }

    /** P(later emotion = b | earlier emotion = a); NaN when {@code a} was never the earlier emotion. */
    public double probability(Emotion a, Emotion b) {
        int row = 0;
        for (int v : counts[a.ordinal()]) {
            row += v;
        }
        return row == 0 ? Double.NaN : counts[a.ordinal()][b.ordinal()] / (double) row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmotionTransitions t && from.equals(t.from) && to.equals(t.to)
                && java.util.Arrays.deepEquals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to, java.util.Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        return "EmotionTransitions[" + from + " -> " + to + ", n=" + n() + ", same=" + same() + "]";
    }
}
