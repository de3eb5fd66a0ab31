package io.github.emotion4j.audio.prosody;

import io.github.emotion4j.core.fusion.WeightedMean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Named acoustic features of one stretch of audio, in the fixed order of
 * {@link ProsodyExtractor#FEATURE_NAMES} (the names are part of the API). Immutable.
 *
 * @param names  feature names
 * @param values one finite value per name (copied)
 */
public record FeatureVector(List<String> names, double[] values) {
    /** Checks the components and copies the mutable ones. */
    public FeatureVector {
        names = List.copyOf(names);
        values = Objects.requireNonNull(values, "values").clone();
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names but " + values.length + " values");
        }
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The values as floats, for a model. */
    public float[] toFloats() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** A value by name. */
    public double get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature '" + name + "'; known: " + names);
        }
        return values[i];
    }

    /** Number of features. */
    public int size() {
        return values.length;
    }

    /** Name to value, in order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return m;
    }

    /** The duration-weighted mean of several vectors with the same names. */
    public static FeatureVector weightedMean(List<FeatureVector> vectors, double[] weights) {
        if (vectors.isEmpty() || vectors.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per vector and at least one vector");
        }
        return new FeatureVector(vectors.get(0).names,
                WeightedMean.of(vectors.stream().map(v -> v.values).toList(), weights));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector f && names.equals(f.names) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureVector" + asMap();
    }
}
