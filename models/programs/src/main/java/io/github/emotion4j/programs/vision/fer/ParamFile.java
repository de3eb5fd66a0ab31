package io.github.emotion4j.programs.vision.fer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named float tensors in the file format {@code models/tools/mini-xception/convert.py} reads and
 * writes ({@code --weights}, {@code --dump-weights}): magic {@code E4JP}, int32 count, then per
 * tensor int32 name length, UTF-8 name, int32 rank, int64 dims, float32 values; little-endian.
 */
public final class ParamFile {
    /** One tensor. */
    public record Tensor(long[] shape, float[] values) {
    }

    private ParamFile() {
    }

    /** Reads a parameter file, tensors in file order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!"E4JP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IOException(file + ": not an E4JP parameter file");
        }
        int count = b.getInt();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[b.getInt()];
            b.get(name);
            int rank = b.getInt();
            long[] shape = new long[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = b.getLong();
                n *= shape[d];
            }
            float[] v = new float[Math.toIntExact(n)];
            b.asFloatBuffer().get(v);
            b.position(b.position() + 4 * v.length);
            out.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, v));
        }
        if (b.hasRemaining()) {
            throw new IOException(file + ": " + b.remaining() + " bytes after the last tensor");
        }
        return out;
    }

    /** Writes tensors in map order. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        long bytes = 8;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            bytes += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 8L * e.getValue().shape().length
                    + 4L * e.getValue().values().length;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.put("E4JP".getBytes(StandardCharsets.US_ASCII)).putInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putInt(name.length).put(name).putInt(e.getValue().shape().length);
            for (long d : e.getValue().shape()) {
                b.putLong(d);
            }
            for (float v : e.getValue().values()) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
    }
    /**
     * Copies a parameter file's values into initialised DJL blocks by name ({@code <block>.weight},
     * {@code <block>.bias}); every tensor must match a parameter's shape and every tensor must be used.
     *
     * @param blocks blocks by the name their tensors carry in the file
     * @param params the file's tensors
     * @param what   what the blocks are, for the message ("block", "network")
     * @throws IllegalArgumentException when a tensor is missing, of another shape, or left over
     */
    static void copyInto(Map<String, ? extends Block> blocks, Map<String, Tensor> params, String what) {
        int used = 0;
        for (Map.Entry<String, ? extends Block> e : blocks.entrySet()) {
            for (String kind : List.of("weight", "bias")) {
                Parameter p = e.getValue().getParameters().get(kind);
                if (p == null) {
                    continue;
                }
                String name = e.getKey() + "." + kind;
                Tensor t = params.get(name);
                NDArray a = p.getArray();
                Shape want = t == null ? null : new Shape(t.shape());
                if (t == null || !a.getShape().equals(want)) {
                    throw new IllegalArgumentException(name + ": " + (t == null ? "missing" : want) + " vs " + a.getShape());
                }
                a.set(FloatBuffer.wrap(t.values()));
                used++;
            }
        }
        if (used != params.size()) {
            throw new IllegalArgumentException("parameter file has " + params.size() + " tensors, the " + what + " " + used);
        }
    }
    /**
     * The current values of DJL blocks' {@code weight} and {@code bias} parameters under the names
     * {@link #copyInto} reads ({@code <block>.weight}, {@code <block>.bias}), in the blocks' order.
     */
    static Map<String, Tensor> copyOf(Map<String, ? extends Block> blocks) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Block> e : blocks.entrySet()) {
            for (String kind : List.of("weight", "bias")) {
                Parameter p = e.getValue().getParameters().get(kind);
                if (p != null) {
                    NDArray a = p.getArray();
                    out.put(e.getKey() + "." + kind, new Tensor(a.getShape().getShape(), a.toFloatArray()));
                }
            }
        }
        return out;
    }
}
