package io.github.emotion4j.text.encoder.adapt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Low-rank deltas (LoRA) for the {@code [in, out]} weight matrices of a transformer:
 * {@code W' = W + scale * A B} with {@code A} {@code [in, rank]} and {@code B} {@code [rank, out]}.
 *
 * <p>File format (big-endian, {@link DataOutputStream}): the 8 bytes {@code E4JLORA1}, the number of
 * matrices, then per matrix its parameter name (modified UTF-8), {@code in}, {@code out},
 * {@code rank}, {@code scale} (float), {@code A} ({@code in * rank} floats, row-major) and {@code B}
 * ({@code rank * out} floats). A file that is truncated, too long, has a wrong magic, a
 * non-positive size or non-finite numbers is refused with an {@link IOException}.
 */
public final class LowRankAdapter {
    private static final byte[] MAGIC = "E4JLORA1".getBytes(StandardCharsets.US_ASCII);
    /** More matrices than this in one file are refused (a transformer has a few dozen). */
    static final int MAX_MATRICES = 4096;

    /** One adapted matrix. */
    public record Delta(String name, int in, int out, int rank, float scale, float[] a, float[] b) {
        public Delta {
            Objects.requireNonNull(name, "name");
            if (in <= 0 || out <= 0 || rank <= 0) {
                throw new IllegalArgumentException(name + ": sizes must be positive");
            }
            if (a.length != (long) in * rank || b.length != (long) rank * out) {
                throw new IllegalArgumentException(name + ": A must be in x rank and B rank x out");
            }
            a = a.clone();
            b = b.clone();
        }

        @Override
        public float[] a() {
            return a.clone();
        }

        @Override
        public float[] b() {
            return b.clone();
        }

        /** {@code base + scale * A B}, both {@code [in, out]} row-major. */
        public float[] addTo(float[] base) {
            if (base.length != (long) in * out) {
                throw new IllegalArgumentException(name + ": base has " + base.length + " values, expected "
                        + in + " x " + out);
            }
            float[] w = base.clone();
            for (int i = 0; i < in; i++) {
                int row = i * out;
                for (int k = 0; k < rank; k++) {
                    float s = scale * a[i * rank + k];
                    if (s == 0f) {
                        continue;
                    }
                    int brow = k * out;
                    for (int j = 0; j < out; j++) {
                        w[row + j] += s * b[brow + j];
                    }
                }
            }
            return w;
        }
    }

    private final List<Delta> deltas;

    public LowRankAdapter(List<Delta> deltas) {
        this.deltas = List.copyOf(deltas);
        if (this.deltas.isEmpty()) {
            throw new IllegalArgumentException("an adapter needs at least one matrix");
        }
    }

    public List<Delta> deltas() {
        return deltas;
    }

    /** Parameters in all matrices. */
    public long parameterCount() {
        long n = 0;
        for (Delta d : deltas) {
            n += (long) d.a.length + d.b.length;
        }
        return n;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(deltas.size());
            for (Delta d : deltas) {
                out.writeUTF(d.name);
                out.writeInt(d.in);
                out.writeInt(d.out);
                out.writeInt(d.rank);
                out.writeFloat(d.scale);
                for (float v : d.a) {
                    out.writeFloat(v);
                }
                for (float v : d.b) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static LowRankAdapter fromBytes(byte[] file) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a low-rank adapter file (magic)");
            }
            int n = in.readInt();
            if (n <= 0 || n > MAX_MATRICES) {
                throw new IOException("bad matrix count " + n);
            }
            List<Delta> out = new ArrayList<>(n);
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (int m = 0; m < n; m++) {
                String name = in.readUTF();
                int rows = in.readInt();
                int cols = in.readInt();
                int rank = in.readInt();
                float scale = in.readFloat();
                if (rows <= 0 || cols <= 0 || rank <= 0 || rank > Math.min(rows, cols)
                        || ((long) rows + cols) * rank * 4 > in.available()) {
                    throw new IOException(name + ": bad sizes " + rows + " x " + cols + " rank " + rank
                            + " (or the file is truncated)");
                }
                if (seen.put(name, Boolean.TRUE) != null) {
                    throw new IOException("matrix " + name + " appears twice");
                }
                float[] a = readFinite(in, rows * rank, name);
                float[] b = readFinite(in, rank * cols, name);
                if (!Float.isFinite(scale)) {
                    throw new IOException(name + ": scale is not finite");
                }
                out.add(new Delta(name, rows, cols, rank, scale, a, b));
            }
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after the last matrix");
            }
            return new LowRankAdapter(out);
        } catch (EOFException e) {
            throw new IOException("truncated low-rank adapter file", e);
        }
    }

    private static float[] readFinite(DataInputStream in, int n, String name) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
            if (!Float.isFinite(v[i])) {
                throw new IOException(name + ": value " + i + " is not finite");
            }
        }
        return v;
    }
}
