package io.github.emotion4j.programs.vision.fer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.expression.FacePreprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The frozen trunk of face-expression-net (dense0..dense2 plus dense3's SAME pad, a TorchScript
 * file written by {@code models/tools/face-expression-net/finetune.py --trunk}) run once over a
 * labelled folder of face crops and over their mirror images, kept in a memory-mapped cache file
 * (bfloat16: the upper 16 bits of each float32, rounded to nearest even). A cache, never shipped.
 *
 * <p>Faces go through emotion4j's own {@link FacePreprocessor} (padded square, 112x112
 * TensorFlow-classic bilinear, {@code (pixel - mean) / 255}), as face-expression-net is fed in the
 * library. Each image also gets a 64-bit hash of its decoded pixels, so that pixel-identical
 * images (FER2013 holds about a thousand such groups) can be kept on one side of a split.
 *
 * <p>File: magic {@code E4JT}, int count, int values per view, then count ints (label index),
 * count longs (pixel hash), then per image the plain view and the mirrored view, little-endian.
 */
final class TrunkCache implements AutoCloseable {
    static final int PER = Dense3Djl.IN_CHANNELS * Dense3Djl.IN_SIDE * Dense3Djl.IN_SIDE;
    private static final int MAGIC = 0x4534_4A54;
    private static final int PER_REGION = 8192;
    static final double[] MEAN = {122.782, 117.001, 104.298};

    private final FileChannel channel;
    private final int[] y;
    private final long[] hash;
    private final long dataStart;
    private final List<MappedByteBuffer> regions = new ArrayList<>();

    private TrunkCache(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(head, 0);
        head.flip();
        if (head.getInt() != MAGIC) {
            throw new IOException(file + " is not a trunk cache");
        }
        int n = head.getInt();
        if (head.getInt() != PER) {
            throw new IOException(file + " was made for another trunk");
        }
        ByteBuffer meta = ByteBuffer.allocate(n * 12).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(meta, 12);
        meta.flip();
        y = new int[n];
        hash = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = meta.getInt();
        }
        for (int i = 0; i < n; i++) {
            hash[i] = meta.getLong();
        }
        dataStart = 12L + 12L * n;
        long record = 4L * PER;
        for (long r0 = 0; r0 < n; r0 += PER_REGION) {
            long count = Math.min(PER_REGION, n - r0);
            regions.add(channel.map(FileChannel.MapMode.READ_ONLY, dataStart + r0 * record, count * record));
        }
        if (channel.size() != dataStart + n * record) {
            throw new IOException(file + " is truncated");
        }
    }

    int size() {
        return y.length;
    }

    int[] y() {
        return y;
    }

    long[] hash() {
        return hash;
    }

    /** Copies one view of image {@code i} as floats into {@code dst} at {@code offset}. */
    void read(int i, boolean mirrored, float[] dst, int offset) {
        MappedByteBuffer r = regions.get(i / PER_REGION);
        int pos = (int) ((long) (i % PER_REGION) * 4L * PER + (mirrored ? 2L * PER : 0));
        ShortBuffer s = r.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(pos).slice().order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer();
        for (int k = 0; k < PER; k++) {
            dst[offset + k] = Float.intBitsToFloat((s.get(k) & 0xffff) << 16);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Opens the cache file, computing it first when it is missing.
     *
     * @param folder   one sub-folder per label
     * @param folders  the sub-folder names; an image's label index is its folder's index in {@code labelOf}
     * @param labelOf  label index per folder
     */
    static TrunkCache open(Path folder, List<String> folders, int[] labelOf, Path trunk, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            build(folder, folders, labelOf, trunk, file);
        }
        return new TrunkCache(file);
    }

    private static void build(Path folder, List<String> folders, int[] labelOf, Path trunk, Path file) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int k = 0; k < folders.size(); k++) {
            try (Stream<Path> s = Files.list(folder.resolve(folders.get(k)))) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(f);
                    ys.add(labelOf[k]);
                }
            }
        }
        int n = files.size();
        FacePreprocessor pre = new FacePreprocessor(112, MEAN, 1 / 255.0);
        ImageDecoder decoder = new ImageDecoder();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long t0 = System.nanoTime();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(trunk)
                .optEngine("PyTorch").build();
        long[] hashes = new long[n];
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            long dataStart = 12L + 12L * n;
            out.position(dataStart);
            int batch = 32;
            int side = pre.size();
            float[] x = new float[2 * batch * pre.tensorSize()];
            ByteBuffer bb = ByteBuffer.allocate(batch * 4 * PER).order(ByteOrder.LITTLE_ENDIAN);
            for (int b0 = 0; b0 < n; b0 += batch) {
                int m = Math.min(batch, n - b0);
                for (int i = 0; i < m; i++) {
                    BufferedImage img;
                    try {
                        img = decoder.read(files.get(b0 + i));
                    } catch (MediaDecodeException e) {
                        throw new IOException("cannot decode " + files.get(b0 + i) + ": " + e.getMessage(), e);
                    }
                    hashes[b0 + i] = pixelHash(img);
                    pre.apply(img, x, i * pre.tensorSize());
                    pre.apply(FacePreprocessor.mirror(img), x, (m + i) * pre.tensorSize());
                }
                float[] feats;
                try (NDManager mgr = model.getNDManager().newSubManager()) {
                    float[] in = java.util.Arrays.copyOf(x, 2 * m * pre.tensorSize());
                    NDList r = predictor.predict(new NDList(mgr.create(in, new Shape(2L * m, 3, side, side))));
                    feats = r.singletonOrThrow().toFloatArray();
                } catch (ai.djl.translate.TranslateException e) {
                    throw new IOException("trunk failed: " + e.getMessage(), e);
                }
                bb.clear();
                for (int i = 0; i < m; i++) {
                    putBf16(bb, feats, i * PER);
                    putBf16(bb, feats, (m + i) * PER);
                }
                bb.flip();
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                if ((b0 / batch) % 100 == 0) {
                    System.out.printf(Locale.ROOT, "  trunk: %d of %d images, %.0f s%n", b0 + m, n, (System.nanoTime() - t0) / 1e9);
                }
            }
            ByteBuffer meta = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
            meta.putInt(MAGIC).putInt(n).putInt(PER);
            for (int v : ys) {
                meta.putInt(v);
            }
            for (long h : hashes) {
                meta.putLong(h);
            }
            meta.flip();
            out.position(0);
            while (meta.hasRemaining()) {
                out.write(meta);
            }
        } catch (ai.djl.repository.zoo.ModelNotFoundException | ai.djl.MalformedModelException e) {
            throw new IOException("cannot load the trunk " + trunk + ": " + e.getMessage(), e);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "trunk cache %s: %d images (+ mirrors) in %.1f min%n", file, n,
                (System.nanoTime() - t0) / 60e9);
    }

    private static void putBf16(ByteBuffer bb, float[] v, int off) {
        for (int k = 0; k < PER; k++) {
            int bits = Float.floatToRawIntBits(v[off + k]);
            bits += 0x7FFF + ((bits >>> 16) & 1);
            bb.putShort((short) (bits >>> 16));
        }
    }

    /** FNV-1a over the decoded RGB pixels (and the size). */
    static long pixelHash(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        long x = 0xcbf29ce484222325L;
        x = (x ^ w) * 0x100000001b3L;
        x = (x ^ h) * 0x100000001b3L;
        int[] row = new int[w];
        for (int yy = 0; yy < h; yy++) {
            img.getRGB(0, yy, w, 1, row, 0, w);
            for (int p : row) {
                x = (x ^ (p & 0xffffff)) * 0x100000001b3L;
            }
        }
        return x;
    }
}
