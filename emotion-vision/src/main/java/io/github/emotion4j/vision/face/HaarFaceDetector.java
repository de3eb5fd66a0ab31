package io.github.emotion4j.vision.face;

import io.github.emotion4j.core.spi.CloseGuard;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal-face detection with the Haar cascades shipped inside the {@code org.bytedeco:opencv}
 * jar ({@code share/opencv4/haarcascades/}). The image is turned grey and shrunk so that its
 * longer side is at most {@link Builder#detectionSide(int)} pixels, histogram-equalised and
 * scanned; boxes are mapped back to full-resolution pixels.
 *
 * <p>Thread-safe: each call borrows a classifier from a small pool (OpenCV classifiers must not
 * be shared between threads). {@link #close()} refuses new calls, waits for the calls in flight
 * and then releases the classifiers; it is idempotent.
 */
public final class HaarFaceDetector implements FaceDetector {
    /** Cascades bundled with OpenCV that find frontal faces. */
    public enum Cascade {
        /** OpenCV's {@code haarcascade_frontalface_default.xml}. */
        FRONTALFACE_DEFAULT("haarcascade_frontalface_default.xml"),
        /** OpenCV's {@code haarcascade_frontalface_alt.xml}. */
        FRONTALFACE_ALT("haarcascade_frontalface_alt.xml"),
        /** OpenCV's {@code haarcascade_frontalface_alt2.xml}. */
        FRONTALFACE_ALT2("haarcascade_frontalface_alt2.xml");

        private final String file;

        Cascade(String file) {
            this.file = file;
        }

        /** The cascade's file name inside the opencv jar. */
        public String fileName() {
            return file;
        }
    }

    private static final ConcurrentHashMap<Cascade, Path> EXTRACTED = new ConcurrentHashMap<>();

    private final Cascade cascade;
    private final Path cascadeFile;
    private final int detectionSide;
    private final double scaleFactor;
    private final int minNeighbors;
    private final double minFaceFraction;
    private final ConcurrentLinkedDeque<CascadeClassifier> pool = new ConcurrentLinkedDeque<>();
    private final List<CascadeClassifier> all = new ArrayList<>();
    private final CloseGuard guard = new CloseGuard("face detector");

    private HaarFaceDetector(Builder b) {
        this.cascade = b.cascade;
        this.detectionSide = b.detectionSide;
        this.scaleFactor = b.scaleFactor;
        this.minNeighbors = b.minNeighbors;
        this.minFaceFraction = b.minFaceFraction;
        this.cascadeFile = extract(cascade);
        pool.add(newClassifier());
    }

    /** A detector with the default settings (alt2 cascade, 480-pixel detection side). */
    public static HaarFaceDetector create() {
        return builder().build();
    }

    /** A builder for the detector's settings. */
    public static Builder builder() {
        return new Builder();
    }

    private CascadeClassifier newClassifier() {
        CascadeClassifier c = new CascadeClassifier(cascadeFile.toString());
        if (c.empty()) {
            c.close();
            throw new IllegalStateException("OpenCV could not load the Haar cascade " + cascadeFile);
        }
        synchronized (all) {
            all.add(c);
        }
        return c;
    }

    private static Path extract(Cascade cascade) {
        return EXTRACTED.computeIfAbsent(cascade, c -> {
            String res = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + c.fileName();
            try (InputStream in = opencv_core.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("Haar cascade " + res + " is not on the classpath; the "
                            + "org.bytedeco:opencv jar for " + Loader.getPlatform() + " is needed");
                }
                Path tmp = Files.createTempFile("emotion4j-" + c.name().toLowerCase(Locale.ROOT), ".xml");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return tmp;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract Haar cascade " + res, e);
            }
        });
    }

    @Override
    public List<FaceBox> detect(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return guard.call(() -> detectOpen(image));
    }

    /** {@link #detect} inside the close guard: the classifiers stay alive until this returns. */
    private List<FaceBox> detectOpen(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) detectionSide / Math.max(w, h));
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        byte[] grey = greyScaled(image, sw, sh);
        int minSide = Math.max(20, (int) Math.round(Math.min(sw, sh) * minFaceFraction));
        if (minSide > Math.min(sw, sh)) {
            return List.of();
        }
        CascadeClassifier c = pool.pollFirst();
        if (c == null) {
            c = newClassifier();
        }
        List<FaceBox> out = new ArrayList<>();
        try (Mat m = new Mat(sh, sw, opencv_core.CV_8UC1);
             Mat eq = new Mat();
             RectVector rects = new RectVector();
             Size min = new Size(minSide, minSide);
             Size max = new Size()) {
            m.data().put(grey, 0, grey.length);
            opencv_imgproc.equalizeHist(m, eq);
            c.detectMultiScale(eq, rects, scaleFactor, minNeighbors, 0, min, max);
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                double inv = 1.0 / scale;
                int x = (int) Math.round(r.x() * inv);
                int y = (int) Math.round(r.y() * inv);
                int bw = Math.min(w - x, (int) Math.round(r.width() * inv));
                int bh = Math.min(h - y, (int) Math.round(r.height() * inv));
                if (bw > 0 && bh > 0) {
                    out.add(new FaceBox(x, y, bw, bh, 1.0));
                }
            }
        } finally {
            pool.addFirst(c);
        }
        out.sort(Comparator.comparingLong(FaceBox::area).reversed());
        return List.copyOf(out);
    }

    /** Grey (BT.601 luma) and area-averaged down to {@code sw x sh}. */
    static byte[] greyScaled(BufferedImage image, int sw, int sh) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] src;
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            src = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        } else {
            src = new byte[w * h * 3];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    src[o] = (byte) row[x];
                    src[o + 1] = (byte) (row[x] >> 8);
                    src[o + 2] = (byte) (row[x] >> 16);
                }
            }
        }
        byte[] out = new byte[sw * sh];
        if (sw == w && sh == h) {
            for (int i = 0; i < out.length; i++) {
                int o = i * 3;
                out[i] = (byte) ((29 * (src[o] & 0xff) + 150 * (src[o + 1] & 0xff) + 77 * (src[o + 2] & 0xff) + 128) >> 8);
            }
            return out;
        }
        for (int y = 0; y < sh; y++) {
            int y0 = (int) ((long) y * h / sh);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * h / sh));
            for (int x = 0; x < sw; x++) {
                int x0 = (int) ((long) x * w / sw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * w / sw));
                long sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int base = (yy * w) * 3;
                    for (int xx = x0; xx < x1; xx++) {
                        int o = base + xx * 3;
                        sum += 29 * (src[o] & 0xff) + 150 * (src[o + 1] & 0xff) + 77 * (src[o + 2] & 0xff);
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0) * 256;
                out[y * sw + x] = (byte) ((sum + n / 2) / n);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "haar:" + cascade.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (!guard.closeAndAwait()) {
            return;
        }
        synchronized (all) {
            all.forEach(CascadeClassifier::close);
            all.clear();
        }
        pool.clear();
    }

    /** Settings for a {@link HaarFaceDetector}. Not thread-safe. */
    public static final class Builder {
        private Cascade cascade = Cascade.FRONTALFACE_ALT2;
        private int detectionSide = 480;
        private double scaleFactor = 1.1;
        private int minNeighbors = 4;
        private double minFaceFraction = 0.06;

        private Builder() {
        }

        /** The cascade (default {@link Cascade#FRONTALFACE_ALT2}). */
        public Builder cascade(Cascade c) {
            this.cascade = Objects.requireNonNull(c, "cascade");
            return this;
        }

        /** Longest image side scanned; larger images are shrunk first (default 480). */
        public Builder detectionSide(int side) {
            if (side < 64) {
                throw new IllegalArgumentException("detectionSide must be >= 64, was " + side);
            }
            this.detectionSide = side;
            return this;
        }

        /** Pyramid step of the scan, {@code > 1} (default 1.1). */
        public Builder scaleFactor(double f) {
            if (!(f > 1.0) || f > 2.0) {
                throw new IllegalArgumentException("scaleFactor must be in (1, 2], was " + f);
            }
            this.scaleFactor = f;
            return this;
        }

        /** Neighbouring detections needed to keep a face (default 4). */
        public Builder minNeighbors(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("minNeighbors must be >= 0, was " + n);
            }
            this.minNeighbors = n;
            return this;
        }

        /** Smallest face side as a fraction of the scanned image's shorter side (default 0.06). */
        public Builder minFaceFraction(double f) {
            if (!(f > 0) || f > 1) {
                throw new IllegalArgumentException("minFaceFraction must be in (0, 1], was " + f);
            }
            this.minFaceFraction = f;
            return this;
        }

        /** Builds the detector, loading the cascade. */
        public HaarFaceDetector build() {
            return new HaarFaceDetector(this);
        }
    }
}
