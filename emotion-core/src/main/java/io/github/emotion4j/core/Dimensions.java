package io.github.emotion4j.core;

/**
 * Valence (unpleasant..pleasant), arousal (calm..excited) and dominance (submissive..in
 * control), each on a -1..1 scale.
 */
public record Dimensions(double valence, double arousal, double dominance) {
    /** Checks that each value is finite and in [-1, 1]. */
    public Dimensions {
        check("valence", valence);
        check("arousal", arousal);
        check("dominance", dominance);
    }

    /** Dimensions from values on a 0..1 scale (as audEERING's models output), mapped to -1..1. */
    public static Dimensions fromUnitScale(double valence, double arousal, double dominance) {
        return new Dimensions(unit(valence), unit(arousal), unit(dominance));
    }

    private static double unit(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("dimension value must be finite, was " + x);
        }
        return Math.max(-1, Math.min(1, 2 * x - 1));
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v) || v < -1 - 1e-9 || v > 1 + 1e-9) {
            throw new IllegalArgumentException(name + " must be in [-1, 1], was " + v);
        }
    }
}
