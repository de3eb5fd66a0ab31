package io.github.emotion4j.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Turns the seeds into corrupt and unusual inputs: bit flips, byte runs, truncation, header
 * only, zero length, wrong extensions, huge declared sizes, extreme dimensions, channel counts
 * and sample rates, broken SRT/VTT, NULs and invalid UTF-8. Case {@code i} of seed {@code s} is
 * always the same file.
 */
public final class FuzzCases {
    /** One generated input. */
    public record Case(int id, Path file, String mutation) {
    }

    private static final String[] EXTENSIONS = {"wav", "flac", "mp3", "m4a", "opus", "ogg", "aac", "mp4", "mkv",
        "avi", "webm", "png", "jpg", "bmp", "gif", "txt", "srt", "vtt"};

    private final List<Path> seeds;
    private final List<byte[]> seedBytes = new ArrayList<>();
    private final long seed;

    /** Cases over these seed files. */
    public FuzzCases(List<Path> seeds, long seed) throws IOException {
        this.seeds = List.copyOf(seeds);
        this.seed = seed;
        for (Path p : seeds) {
            seedBytes.add(Files.readAllBytes(p));
        }
    }

    /** Writes case {@code id} into {@code dir}. */
    public Case write(int id, Path dir) throws IOException {
        Random rnd = new Random(seed * 1_000_003L + id);
        int s = rnd.nextInt(seeds.size());
        byte[] base = seedBytes.get(s);
        String ext = extension(seeds.get(s));
        int kind = rnd.nextInt(14);
        byte[] out;
        String what;
        switch (kind) {
            case 0 -> {
                out = base.clone();
                int flips = 1 + rnd.nextInt(32);
                for (int i = 0; i < flips; i++) {
                    int at = rnd.nextInt(out.length);
                    out[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                what = flips + " bit flips";
            }
            case 1 -> {
                out = base.clone();
                int at = rnd.nextInt(out.length);
                int len = Math.min(out.length - at, 1 + rnd.nextInt(512));
                int fill = rnd.nextInt(3);
                for (int i = at; i < at + len; i++) {
                    out[i] = fill == 0 ? 0 : fill == 1 ? (byte) 0xFF : (byte) rnd.nextInt(256);
                }
                what = "byte run of " + len + " at " + at;
            }
            case 2 -> {
                int cut = rnd.nextInt(Math.max(1, base.length));
                out = Arrays.copyOf(base, cut);
                what = "truncated to " + cut + " of " + base.length;
            }
            case 3 -> {
                out = Arrays.copyOf(base, Math.min(base.length, 16 + rnd.nextInt(112)));
                what = "header only (" + out.length + " bytes)";
            }
            case 4 -> {
                out = new byte[0];
                what = "zero length";
            }
            case 5 -> {
                out = base;
                String other = EXTENSIONS[rnd.nextInt(EXTENSIONS.length)];
                what = "." + ext + " bytes named ." + other;
                ext = other;
            }
            case 6 -> {
                out = new byte[rnd.nextInt(3) == 0 ? 1 : 4096];
                int fill = rnd.nextInt(3);
                for (int i = 0; i < out.length; i++) {
                    out[i] = fill == 0 ? 0 : fill == 1 ? (byte) 0xFF : (byte) rnd.nextInt(256);
                }
                ext = EXTENSIONS[rnd.nextInt(EXTENSIONS.length)];
                what = out.length + " bytes of " + (fill == 0 ? "0x00" : fill == 1 ? "0xFF" : "noise");
            }
            case 7 -> {
                out = extremeWav(rnd);
                ext = "wav";
                what = "extreme WAV " + describeWav(out);
            }
            case 8 -> {
                out = hugeDeclared(base, ext, rnd);
                what = "huge declared size in ." + ext;
            }
            case 9 -> {
                out = extremePng(rnd);
                ext = "png";
                what = "extreme PNG header";
            }
            case 10 -> {
                out = brokenSubtitles(rnd);
                ext = rnd.nextBoolean() ? "srt" : "vtt";
                what = "broken subtitles";
            }
            case 11 -> {
                out = badText(rnd);
                ext = "txt";
                what = "NULs / invalid UTF-8 / control text";
            }
            case 12 -> {
                out = base.clone();
                int at = rnd.nextInt(out.length);
                byte[] chunk = Arrays.copyOfRange(out, at, Math.min(out.length, at + 1 + rnd.nextInt(4096)));
                byte[] joined = new byte[out.length + chunk.length];
                System.arraycopy(out, 0, joined, 0, at);
                System.arraycopy(chunk, 0, joined, at, chunk.length);
                System.arraycopy(out, at, joined, at + chunk.length, out.length - at);
                out = joined;
                what = "duplicated " + chunk.length + " bytes at " + at;
            }
            default -> {
                out = base;
                what = "unchanged seed";
            }
        }
        Path file = dir.resolve(String.format(Locale.ROOT, "case-%05d.%s", id, ext));
        Files.write(file, out);
        return new Case(id, file, seeds.get(s).getFileName() + ": " + what);
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static byte[] extremeWav(Random rnd) {
        int[] rates = {1, 8, 100, 4000, 8000, 22050, 96000, 192000, 384000, 768000};
        int[] chans = {1, 2, 3, 6, 8, 16, 64, 255};
        int[] bits = {8, 16, 24, 32};
        int rate = rates[rnd.nextInt(rates.length)];
        int ch = chans[rnd.nextInt(chans.length)];
        int b = bits[rnd.nextInt(bits.length)];
        int n = Math.max(1, (int) Math.min(rate, 200_000L / ch) / (rnd.nextInt(4) + 1));
        return SeedMedia.wav(SeedMedia.voice(rate, (double) n / rate), rate, ch, b);
    }

    private static String describeWav(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        return b.getShort(22) + " ch, " + b.getInt(24) + " Hz, " + b.getShort(34) + " bit";
    }

    private static byte[] hugeDeclared(byte[] base, String ext, Random rnd) {
        byte[] out = base.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        if (ext.equals("wav") && out.length >= 44) {
            b.putInt(4, 0x7FFF_FFF0);
            b.putInt(40, rnd.nextBoolean() ? 0x7FFF_FFF0 : -8);
        } else if (out.length > 16) {
            for (int i = 0; i < 4; i++) {
                int at = 4 + rnd.nextInt(Math.min(out.length - 4, 256));
                out[at] = (byte) 0x7F;
                out[Math.min(out.length - 1, at + 1)] = (byte) 0xFF;
            }
        }
        return out;
    }

    private static byte[] extremePng(Random rnd) {
        int[][] sizes = {{1, 1}, {20000, 20000}, {1, 60000}, {60000, 1}, {0, 10}, {Integer.MAX_VALUE, 2}};
        int[] wh = sizes[rnd.nextInt(sizes.length)];
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(wh[0]).putInt(wh[1])
                .put((byte) (rnd.nextBoolean() ? 8 : 16)).put((byte) new int[] {0, 2, 4, 6}[rnd.nextInt(4)])
                .put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        b.putInt(0).put("IDAT".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        return b.array();
    }

    private static byte[] brokenSubtitles(Random rnd) {
        StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "WEBVTT\n\n" : "");
        int cues = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 20);
        for (int i = 0; i < cues; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> sb.append(i + 1).append("\n99:99:99,999 --> 00:00:00,000\nbackwards\n\n");
                case 1 -> sb.append("00:00:0").append(rnd.nextInt(10)).append(".000 --> \n\u0000\u0000text\n\n");
                case 2 -> sb.append(i + 1).append("\n").append("-->".repeat(rnd.nextInt(5))).append("\n\n");
                case 3 -> sb.append("00:00:01,000 --> 00:00:02,000\n").append("x".repeat(rnd.nextInt(5000))).append("\n\n");
                case 4 -> sb.append("<v ").append("\uFFFF".repeat(3)).append(">\n");
                default -> sb.append(i + 1).append("\n00:00:").append(String.format(Locale.ROOT, "%02d", i % 60))
                        .append(",000 --> 00:00:").append(String.format(Locale.ROOT, "%02d", (i + 1) % 60))
                        .append(",500\nI am ").append(i % 2 == 0 ? "happy" : "furious").append("\n\n");
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (rnd.nextBoolean() && bytes.length > 2) {
            bytes[rnd.nextInt(bytes.length)] = (byte) 0xC3;
            bytes[rnd.nextInt(bytes.length)] = (byte) 0xFE;
        }
        return bytes;
    }

    private static byte[] badText(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 200_000 : 600)];
        String words = "I am so happy sad angry afraid disgusted surprised today ";
        for (int i = 0; i < b.length; i++) {
            int r = rnd.nextInt(20);
            b[i] = r == 0 ? 0 : r == 1 ? (byte) (0x80 + rnd.nextInt(0x80)) : r == 2 ? (byte) rnd.nextInt(32)
                    : (byte) words.charAt(i % words.length());
        }
        return b;
    }
}
