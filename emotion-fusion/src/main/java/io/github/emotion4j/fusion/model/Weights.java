package io.github.emotion4j.fusion.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Named float32 tensors: the weights of a trained fusion network. Immutable.
 *
 * <p>Binary format ({@code weights.bin}), all little-endian:
 * <pre>
 *   bytes  "E4JF"                  magic
 *   int32  1                       format version
 *   int32  n                       number of tensors
 *   n times:
 *     int32  nameLength, then nameLength bytes of UTF-8 name
 *     int32  rank, then rank int32 dimensions
 *     float32[product of dimensions]   values, row-major
 * </pre>
 * Matrices are stored {@code [in, out]}: a dense layer computes {@code y = x W + b}.
 */
public final class Weights {
    private static final byte[] MAGIC = {'E', '4', 'J', 'F'};
    private static final int VERSION = 1;

    /** One tensor. */
    public record Tensor(int[] shape, float[] values) {
        public Tensor {
            shape = shape.clone();
            values = values.clone();
            long n = 1;
            for (int d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("bad dimension " + d + " in " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        /** Dimension {@code i}. */
        public int dim(int i) {
            return shape[i];
        }

        /** Number of dimensions. */
        public int rank() {
            return shape.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape);
        }
    }

    private final Map<String, Tensor> tensors;

    /** Weights from named tensors (order kept). */
    public Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
    }

    /** All tensors in file order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * A tensor that must exist with the given shape.
     *
     * @throws IllegalArgumentException naming the tensor when it is missing or has another shape
     */
    public Tensor require(String name, int... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights lack tensor '" + name + "'; they have " + tensors.keySet());
        }
        if (!Arrays.equals(t.shape, shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(t.shape)
                    + ", expected " + Arrays.toString(shape));
        }
        return t;
    }

    /** A tensor by name. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights lack tensor '" + name + "'; they have " + tensors.keySet());
        }
        return t;
    }

    /** Total number of values. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.values.length;
        }
        return n;
    }

    /** The file bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(ints(VERSION, tensors.size()));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ints(name.length));
            out.writeBytes(name);
            int[] shape = e.getValue().shape;
            out.writeBytes(ints(shape.length));
            out.writeBytes(ints(shape));
            float[] v = e.getValue().values;
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            out.writeBytes(b.array());
        }
        return out.toByteArray();
    }

    /**
     * Parses the file bytes.
     *
     * @param context file name for messages
     * @throws IOException when the bytes are not a weights file or are truncated
     */
    public static Weights fromBytes(byte[] bytes, String context) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[4];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(context + ": not a fusion weights file (magic is not E4JF)");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IOException(context + ": weights format version " + version + " is not supported (only "
                        + VERSION + ")");
            }
            int n = b.getInt();
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                int[] shape = new int[b.getInt()];
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = b.getInt();
                }
                long count = 1;
                for (int d : shape) {
                    count *= d;
                }
                float[] v = new float[Math.toIntExact(count)];
                b.asFloatBuffer().get(v);
                b.position(b.position() + v.length * 4);
                out.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, v));
            }
            if (b.hasRemaining()) {
                throw new IOException(context + ": " + b.remaining() + " unexpected bytes after the last tensor");
            }
            return new Weights(out);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
            throw new IOException(context + ": truncated or damaged weights file (" + e + ")", e);
        }
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }
}
