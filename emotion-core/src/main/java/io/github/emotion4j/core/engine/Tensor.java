package io.github.emotion4j.core.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major tensor of float32 or int64 values, the only tensor type that crosses the
 * engine boundary (engine-native tensors never leave the engine classes).
 *
 * <p>The tensor takes ownership of the array it is given and {@link #floats()} / {@link #longs()}
 * return it without copying, because inputs can be large (an hour of audio); do not change an
 * array after handing it over.
 */
public final class Tensor {
    /** Element types. */
    public enum DataType { FLOAT32, INT64 }

    private final DataType type;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    private Tensor(DataType type, long[] shape, float[] floats, long[] longs) {
        this.type = type;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        int len = floats != null ? floats.length : longs.length;
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values but the data has " + len);
        }
    }

    /** A float32 tensor. */
    public static Tensor of(float[] data, long... shape) {
        return new Tensor(DataType.FLOAT32, shape, Objects.requireNonNull(data, "data"), null);
    }

    /** An int64 tensor. */
    public static Tensor ofLongs(long[] data, long... shape) {
        return new Tensor(DataType.INT64, shape, null, Objects.requireNonNull(data, "data"));
    }

    public DataType type() {
        return type;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The float32 values (not copied). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor is " + type + ", not FLOAT32");
        }
        return floats;
    }

    /** The int64 values (not copied). */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("tensor is " + type + ", not INT64");
        }
        return longs;
    }

    /** Number of values. */
    public int size() {
        return floats != null ? floats.length : longs.length;
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + "]";
    }

    /** {@code [name=Tensor[FLOAT32 [1, 8]], ...]}, for error messages. */
    public static String describe(java.util.Map<String, Tensor> tensors) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        tensors.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.toString();
    }
}
