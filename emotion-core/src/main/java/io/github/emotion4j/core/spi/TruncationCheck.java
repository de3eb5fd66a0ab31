package io.github.emotion4j.core.spi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells a media file cut short from a whole one, for the decoders of every modality, so that they
 * all say it the same way ({@value #TRUNCATED}: decoded X s of Y s declared) and record it in the
 * result detail {@value #DETAIL}, which {@code EmotionRecognizer.Builder#strictDecoding()} turns
 * into an exception. Two kinds of evidence:
 * <ul>
 *   <li>the container declares more bytes than the file holds: RIFF (WAV, AVI), FORM (AIFF),
 *       Sun AU, Matroska/WebM segments and MP4/MOV top-level boxes;</li>
 *   <li>the decoded duration falls short of the duration the container declares
 *       ({@link #shortOf(double, double)}), or an Ogg stream stops without its end-of-stream page.</li>
 * </ul>
 * Stateless and thread-safe; pure Java, reads at most the file's head and tail.
 */
public final class TruncationCheck {
    /** How every truncation warning starts. */
    public static final String TRUNCATED = "file looks truncated";

    /** Result detail set to 1 when the file of a modality result looks truncated. */
    public static final String DETAIL = "decode.truncated";

    /**
     * Result detail set to 1 when the file holds no stream for the modality (a video without
     * audio, AAC in an {@code .mp4}); when every modality that read a file says so, the recognizer
     * throws {@link io.github.emotion4j.core.UnsupportedMediaException}.
     */
    public static final String NO_STREAM = "decode.noStream";

    private TruncationCheck() {
    }

    /**
     * Whether {@code decoded} seconds fall short of {@code declared} by more than codec delay and
     * rounding explain (a quarter second or 3 %); false when nothing is declared.
     */
    public static boolean shortOf(double decoded, double declared) {
        return declared > 0 && Double.isFinite(declared) && declared - decoded > Math.max(0.25, 0.03 * declared);
    }

    /** The warning for a decoded duration short of the declared one. */
    public static String note(double decodedSeconds, double declaredSeconds) {
        return String.format(Locale.ROOT, "%s: decoded %.2f s of %.2f s declared", TRUNCATED, decodedSeconds,
                declaredSeconds);
    }

    /** The warning for other evidence, e.g. "the Matroska segment declares 1000 bytes, the file has 300". */
    public static String note(double decodedSeconds, String why) {
        return String.format(Locale.ROOT, "%s: decoded %.2f s; %s", TRUNCATED, decodedSeconds, why);
    }

    /**
     * What the container's own sizes say: empty when they fit the file (or the format declares no
     * size), else why the file looks cut short.
     */
    public static Optional<String> containerShortfall(Path file) {
        Objects.requireNonNull(file, "file");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            if (size < 12) {
                return Optional.empty();
            }
            byte[] h = new byte[64];
            f.seek(0);
            int n = f.read(h);
            String magic = new String(h, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (magic.equals("RIFF") || magic.equals("FORM")) {
                long declared = 8 + (magic.equals("RIFF") ? le32(h, 4) : be32(h, 4));
                String kind = magic.equals("RIFF") ? "RIFF" : "AIFF";
                // streaming writers leave 0 or 0xFFFFFFFF; a RIFF over 4 GB continues in further chunks
                if (declared > 8 && declared < 0xFFFFFFFFL && declared > size + 1) {
                    return Optional.of(bytes(kind + " header", declared, size));
                }
            } else if (magic.equals(".snd")) {
                long offset = be32(h, 4);
                long data = be32(h, 8);
                if (data != 0xFFFFFFFFL && data > 0 && offset + data > size) {
                    return Optional.of(bytes("AU header", offset + data, size));
                }
            } else if ((h[0] & 0xFF) == 0x1A && (h[1] & 0xFF) == 0x45 && (h[2] & 0xFF) == 0xDF && (h[3] & 0xFF) == 0xA3) {
                return matroska(h, n, size);
            } else if (n >= 8 && (new String(h, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ftyp"))) {
                return isoBoxes(f, size);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> matroska(byte[] h, int n, long size) {
        int p = 4;
        long[] v = vint(h, p, n);
        if (v == null) {
            return Optional.empty();
        }
        p += (int) v[1] + (int) v[0];
        // next: the Segment element 18 53 80 67
        if (p + 5 > n || (h[p] & 0xFF) != 0x18 || (h[p + 1] & 0xFF) != 0x53 || (h[p + 2] & 0xFF) != 0x80
                || (h[p + 3] & 0xFF) != 0x67) {
            return Optional.empty();
        }
        p += 4;
        v = vint(h, p, n);
        if (v == null || v[0] < 0) {
            return Optional.empty(); // unknown size: a live stream
        }
        long end = p + v[1] + v[0];
        return end > size ? Optional.of(bytes("Matroska segment", end, size)) : Optional.empty();
    }

    /** An EBML variable-size integer at p: {value (-1 when "unknown"), length}, or null. */
    private static long[] vint(byte[] b, int p, int n) {
        if (p >= n) {
            return null;
        }
        int first = b[p] & 0xFF;
        int len = Integer.numberOfLeadingZeros(first) - 23;
        if (len < 1 || len > 8 || p + len > n) {
            return null;
        }
        long value = first & (0xFF >> len);
        boolean allOnes = value == (0xFF >> len);
        for (int i = 1; i < len; i++) {
            value = value << 8 | (b[p + i] & 0xFF);
            allOnes &= (b[p + i] & 0xFF) == 0xFF;
        }
        return new long[] {allOnes ? -1 : value, len};
    }

    private static Optional<String> isoBoxes(RandomAccessFile f, long size) throws IOException {
        long p = 0;
        byte[] b = new byte[16];
        for (int i = 0; i < 10_000 && p + 8 <= size; i++) {
            f.seek(p);
            f.readFully(b, 0, 8);
            long box = be32(b, 0);
            String type = new String(b, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (box == 1) {
                if (p + 16 > size) {
                    return Optional.of("the MP4 box '" + type + "' is cut short");
                }
                f.readFully(b, 8, 8);
                box = (be32(b, 8) << 32) | be32(b, 12);
            } else if (box == 0) {
                return Optional.empty(); // runs to the end of the file
            }
            if (box < 8) {
                return Optional.empty(); // not a box structure we understand
            }
            if (p + box > size) {
                return Optional.of(bytes("MP4 box '" + type + "'", p + box, size));
            }
            p += box;
        }
        return Optional.empty();
    }

    /**
     * Whether an Ogg file ends with a complete page that carries the end-of-stream flag: empty
     * when it does, else why not. A cut Ogg file declares no length (its duration is read from
     * the last page there is), so this is how its truncation shows.
     */
    public static Optional<String> oggTail(Path file) {
        Objects.requireNonNull(file, "file");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            int n = (int) Math.min(size, 70_000);
            byte[] b = new byte[n];
            f.seek(size - n);
            f.readFully(b);
            for (int p = n - 27; p >= 0; p--) {
                if (b[p] != 'O' || b[p + 1] != 'g' || b[p + 2] != 'g' || b[p + 3] != 'S' || b[p + 4] != 0) {
                    continue;
                }
                int segments = b[p + 26] & 0xFF;
                if (p + 27 + segments > n) {
                    return Optional.of("the last Ogg page is cut short");
                }
                long length = 27L + segments;
                for (int i = 0; i < segments; i++) {
                    length += b[p + 27 + i] & 0xFF;
                }
                if (p + length > n) {
                    return Optional.of("the last Ogg page is cut short");
                }
                if (p + length < n) {
                    continue; // "OggS" inside packet data, or a page before the last
                }
                return (b[p + 5] & 0x04) != 0 ? Optional.empty()
                        : Optional.of("the Ogg stream ends without its end-of-stream page");
            }
            return Optional.of("no complete Ogg page at the end of the file");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String bytes(String what, long declared, long size) {
        return String.format(Locale.ROOT, "the %s declares %d bytes, the file has %d", what, declared, size);
    }

    private static long le32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    private static long be32(byte[] b, int p) {
        return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
    }
}
