package io.github.emotion4j.text.conversation;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads named float32 tensors from {@code weights.bin}, the format emotion4j's fusion weights use
 * (all little-endian): {@code "E4JF"}, int32 version 1, int32 count, then per tensor int32 name
 * length, UTF-8 name, int32 rank, rank int32 dimensions, the float32 values row-major. Matrices are
 * {@code [in, out]}.
 */
final class ContextWeights {
    private static final int MAX_TENSORS = 4096;
    private static final long MAX_VALUES = 1L << 26;

    private ContextWeights() {
    }

    /** A tensor: its shape and values. */
    record Tensor(int[] shape, float[] values) {
    }

    static Map<String, Tensor> read(InputStream raw) throws IOException {
        byte[] all = raw.readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[4];
            b.get(magic);
            if (!Arrays.equals(magic, new byte[] {'E', '4', 'J', 'F'})) {
                throw new IOException("not an emotion4j weights file (magic " + Arrays.toString(magic) + ")");
            }
            int version = b.getInt();
            if (version != 1) {
                throw new IOException("weights format version " + version + " is not supported (1)");
            }
            int n = b.getInt();
            if (n < 0 || n > MAX_TENSORS) {
                throw new IOException("bad tensor count " + n);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len <= 0 || len > 256) {
                    throw new IOException("bad tensor name length " + len);
                }
                byte[] name = new byte[len];
                b.get(name);
                int rank = b.getInt();
                if (rank < 1 || rank > 4) {
                    throw new IOException("bad rank " + rank);
                }
                int[] shape = new int[rank];
                long count = 1;
                for (int r = 0; r < rank; r++) {
                    shape[r] = b.getInt();
                    if (shape[r] <= 0) {
                        throw new IOException("bad dimension " + shape[r]);
                    }
                    count *= shape[r];
                    if (count > MAX_VALUES) {
                        throw new IOException("tensor too large");
                    }
                }
                float[] v = new float[(int) count];
                b.asFloatBuffer().get(v);
                b.position(b.position() + 4 * v.length);
                out.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, v));
            }
            if (b.hasRemaining()) {
                throw new IOException(b.remaining() + " bytes after the last tensor");
            }
            return out;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("weights file is truncated (" + all.length + " bytes)", e);
        }
    }

    /** A tensor that must exist with this shape. */
    static float[] require(Map<String, Tensor> w, String name, int... shape) {
        Tensor t = w.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weights lack tensor '" + name + "'");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        return t.values();
    }
}
