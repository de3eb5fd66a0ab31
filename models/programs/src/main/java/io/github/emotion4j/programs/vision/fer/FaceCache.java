package io.github.emotion4j.programs.vision.fer;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.vision.decode.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A labelled folder of small grey face images ({@code <label>/*.jpg|png}, all the same size) decoded
 * once into one float array file: grey {@code (0.2989 R + 0.5870 G + 0.1140 B) / 255} per pixel,
 * the grey conversion of mini-Xception's preprocessing. A cache, never shipped.
 *
 * <p>File: magic {@code E4JF}, int count, int side, int label count, the labels (UTF), then per
 * image an int label index and {@code side * side} floats (big-endian, {@code DataOutputStream}).
 *
 * @param side   image side in pixels
 * @param labels the label of each index (the order given to {@link #build})
 * @param y      label index per image
 * @param pixels {@code count * side * side} grey values in 0..1
 */
public record FaceCache(int side, List<String> labels, int[] y, float[] pixels) {
    private static final int MAGIC = 0x4534_4A46;

    public FaceCache {
        Objects.requireNonNull(labels, "labels");
        labels = List.copyOf(labels);
        if (pixels.length != (long) y.length * side * side) {
            throw new IllegalArgumentException("pixels do not match count and side");
        }
    }

    /** Number of images. */
    public int size() {
        return y.length;
    }

    /**
     * Reads the cache file if present (and made from the same labels), else decodes the folder and
     * writes it.
     *
     * @param folder a folder with one sub-folder per label
     * @param labels the sub-folder names, in the index order wanted
     * @param cache  the cache file
     */
    public static FaceCache load(Path folder, List<String> labels, Path cache) throws IOException {
        if (Files.isRegularFile(cache)) {
            FaceCache c = read(cache);
            if (c.labels.equals(labels)) {
                return c;
            }
        }
        FaceCache c = build(folder, labels);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        write(c, tmp);
        Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return c;
    }

    /** Decodes the folder (files in name order within each label). */
    public static FaceCache build(Path folder, List<String> labels) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<Integer> ys = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        int side = -1;
        for (int k = 0; k < labels.size(); k++) {
            Path dir = folder.resolve(labels.get(k));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                BufferedImage img;
                try {
                    img = decoder.read(f);
                } catch (MediaDecodeException e) {
                    throw new IOException("cannot decode " + f + ": " + e.getMessage(), e);
                }
                if (side < 0) {
                    side = img.getWidth();
                }
                if (img.getWidth() != side || img.getHeight() != side) {
                    throw new IOException(f + " is " + img.getWidth() + "x" + img.getHeight() + ", expected " + side);
                }
                images.add(grey(img));
                ys.add(k);
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no images under " + folder);
        }
        float[] px = new float[images.size() * side * side];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, px, i * side * side, side * side);
        }
        return new FaceCache(side, labels, ys.stream().mapToInt(Integer::intValue).toArray(), px);
    }

    /** Grey values in 0..1 with human's weights, read through {@code getRGB} (ImageDecoder gives {@code TYPE_3BYTE_BGR}). */
    static float[] grey(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[w * h];
        int[] row = new int[w];
        for (int yy = 0; yy < h; yy++) {
            img.getRGB(0, yy, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[yy * w + x] = (0.2989f * ((p >> 16) & 0xff) + 0.5870f * ((p >> 8) & 0xff) + 0.1140f * (p & 0xff)) / 255f;
            }
        }
        return out;
    }

    static void write(FaceCache c, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os, 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(c.size());
            out.writeInt(c.side);
            out.writeInt(c.labels.size());
            for (String l : c.labels) {
                out.writeUTF(l);
            }
            int per = c.side * c.side;
            ByteBuffer bb = ByteBuffer.allocate(per * 4);
            for (int i = 0; i < c.size(); i++) {
                out.writeInt(c.y[i]);
                bb.clear();
                bb.asFloatBuffer().put(c.pixels, i * per, per);
                out.write(bb.array());
            }
        }
    }

    static FaceCache read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is, 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a face cache");
            }
            int n = in.readInt();
            int side = in.readInt();
            int nl = in.readInt();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < nl; i++) {
                labels.add(in.readUTF());
            }
            int per = side * side;
            int[] y = new int[n];
            float[] px = new float[n * per];
            byte[] buf = new byte[per * 4];
            for (int i = 0; i < n; i++) {
                y[i] = in.readInt();
                in.readFully(buf);
                ByteBuffer.wrap(buf).asFloatBuffer().get(px, i * per, per);
            }
            return new FaceCache(side, labels, y, px);
        }
    }
}
