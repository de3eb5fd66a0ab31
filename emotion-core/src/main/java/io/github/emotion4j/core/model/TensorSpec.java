package io.github.emotion4j.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A model input or output as a card declares it: {@code name:dtype:[d0,d1,...]}, -1 for any size.
 */
public record TensorSpec(String name, String dtype, long[] shape) {
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Parses {@code name:dtype:[d0,d1]}. */
    public static TensorSpec parse(String text) {
        String[] parts = text.strip().split(":", 3);
        if (parts.length != 3 || !parts[2].startsWith("[") || !parts[2].endsWith("]")) {
            throw new IllegalArgumentException("tensor spec must look like name:float32:[-1,3], was '" + text + "'");
        }
        String dims = parts[2].substring(1, parts[2].length() - 1).strip();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
        return new TensorSpec(parts[0].strip(), parts[1].strip().toLowerCase(Locale.ROOT), shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + ":" + dtype + ":" + Arrays.toString(shape).replace(" ", "");
    }
}
