package io.github.emotion4j.core.testing;

import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Model folders with one damaged file whose SHA-256 is updated in the card, as a user's corrupted
 * download or a bad conversion would look: the checksum passes, the contents are wrong.
 */
public final class DamagedModels {
    private DamagedModels() {
    }

    /**
     * Copies a model (its card and every file it lists) into {@code dir}, passing {@code file}
     * through {@code damage} and writing that file's new SHA-256 into the card.
     */
    public static Path copy(ModelBundle source, Path dir, String file, UnaryOperator<byte[]> damage) throws IOException {
        Files.createDirectories(dir);
        String card = Files.readString(source.directory().resolve(ModelCard.FILE_NAME));
        for (String f : source.card().files().keySet()) {
            byte[] bytes = Files.readAllBytes(source.file(f));
            Files.write(dir.resolve(f), f.equals(file) ? damage.apply(bytes) : bytes);
        }
        String old = source.card().sha256().get(file);
        String sha = Checksums.sha256(dir.resolve(file));
        card = card.replaceAll("(?m)^(sha256\\." + java.util.regex.Pattern.quote(file) + "\\s*=\\s*)" + old + "\\s*$",
                "$1" + sha);
        card = card.replaceAll("(?m)^resource\\..*$", "");
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), card);
        return dir;
    }

    /** Replaces {@code file} with {@code content}. */
    public static Path replace(ModelBundle source, Path dir, String file, byte[] content) throws IOException {
        return copy(source, dir, file, b -> content.clone());
    }

    /** The same size in random bytes (fixed seed). */
    public static byte[] random(byte[] b) {
        byte[] r = new byte[b.length];
        new Random(20261201).nextBytes(r);
        return r;
    }

    /** The same size in float32 NaNs. */
    public static byte[] nans(byte[] b) {
        ByteBuffer buf = ByteBuffer.allocate(b.length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.remaining() >= 4) {
            buf.putFloat(Float.NaN);
        }
        return buf.array();
    }

    /**
     * 0xFF over {@code span} bytes in the middle of the file: inside a large weight tensor every
     * float32 there becomes NaN whatever the alignment, while the file's structure stays readable.
     */
    public static byte[] nanMiddle(byte[] b, int span) {
        byte[] r = b.clone();
        int from = Math.max(0, b.length / 2 - span / 2);
        Arrays.fill(r, from, Math.min(b.length, from + span), (byte) 0xFF);
        return r;
    }

    /**
     * NaN over every weight tensor of an ONNX or TorchScript file, leaving its structure intact:
     * runs of at least 256 consecutive plausible float32 values (finite, 0 or of magnitude
     * 1e-8..1e3, at any alignment) are raw tensor data, never protobuf or zip structure; each run
     * but its first and last 16 bytes becomes 0xFF (NaN).
     */
    public static byte[] nanWeights(byte[] b) {
        byte[] r = b.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        boolean any = false;
        for (int align = 0; align < 4; align++) {
            int start = -1;
            for (int i = align; i + 4 <= b.length + 4; i += 4) {
                boolean plausible = false;
                if (i + 4 <= b.length) {
                    float f = buf.getFloat(i);
                    float a = Math.abs(f);
                    plausible = Float.isFinite(f) && (f == 0 || a >= 1e-8f && a <= 1e3f);
                }
                if (plausible && start < 0) {
                    start = i;
                } else if (!plausible && start >= 0) {
                    if ((i - start) / 4 >= 256) {
                        Arrays.fill(r, start + 16, i - 16, (byte) 0xFF);
                        any = true;
                    }
                    start = -1;
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no weight tensor found to damage");
        }
        return r;
    }
}
