package io.github.emotion4j.vision.decode;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.UnsupportedMediaException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads still images into {@code TYPE_3BYTE_BGR} images. JPEG, PNG, BMP and GIF go through
 * {@link ImageIO} (whose readers report the size before decoding, so a huge image is subsampled
 * while it is decoded and never held at full size); other formats (WebP, CMYK JPEG) fall back to
 * OpenCV's {@code imread}, after the same size check on what it returns. Stateless and thread-safe.
 */
public final class ImageDecoder {
    /** Longest side kept; larger images are subsampled to at most this. */
    public static final int DEFAULT_MAX_SIDE = 4096;
    /** Smallest side accepted: anything smaller cannot hold a face. */
    public static final int MIN_SIDE = 16;

    private final int maxSide;

    /** A decoder that subsamples images whose longer side exceeds {@link #DEFAULT_MAX_SIDE}. */
    public ImageDecoder() {
        this(DEFAULT_MAX_SIDE);
    }

    /** A decoder that subsamples images whose longer side exceeds {@code maxSide}. */
    public ImageDecoder(int maxSide) {
        if (maxSide < MIN_SIDE) {
            throw new IllegalArgumentException("maxSide must be >= " + MIN_SIDE + ", was " + maxSide);
        }
        this.maxSide = maxSide;
    }

    /**
     * Reads an image file.
     *
     * @throws MediaDecodeException when the file is missing, empty, corrupt, truncated or smaller than
     *                              {@link #MIN_SIDE} pixels on a side
     * @throws UnsupportedMediaException when no decoder knows the format
     */
    public BufferedImage read(Path file) throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new MediaDecodeException(name, "cannot read the file (" + e + ")", e);
        }
        if (size == 0) {
            throw new MediaDecodeException(name, "the file is empty");
        }
        BufferedImage img = readWithImageIo(file, name);
        if (img == null) {
            img = readWithOpenCv(file, name);
        }
        return checked(toBgr(img), name);
    }

    /**
     * Checks and converts an in-memory image: returns a {@code TYPE_3BYTE_BGR} copy, subsampled when
     * larger than the limit.
     *
     * @param source name for messages
     */
    public BufferedImage prepare(BufferedImage image, String source) throws MediaDecodeException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(source, "source");
        checkSmall(image.getWidth(), image.getHeight(), source);
        BufferedImage bgr = toBgr(image);
        int longer = Math.max(bgr.getWidth(), bgr.getHeight());
        if (longer > maxSide) {
            double s = (double) maxSide / longer;
            return scale(bgr, Math.max(1, (int) Math.round(bgr.getWidth() * s)), Math.max(1, (int) Math.round(bgr.getHeight() * s)));
        }
        return bgr == image ? copy(bgr) : bgr;
    }

    private static BufferedImage copy(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        img.copyData(out.getRaster());
        return out;
    }

    private BufferedImage checked(BufferedImage img, String name) throws MediaDecodeException {
        checkSmall(img.getWidth(), img.getHeight(), name);
        return img;
    }

    private static void checkSmall(int w, int h, String name) throws MediaDecodeException {
        if (w < MIN_SIDE || h < MIN_SIDE) {
            throw new MediaDecodeException(name, "image is " + w + "x" + h + " pixels; at least " + MIN_SIDE + "x"
                    + MIN_SIDE + " are needed to hold a face");
        }
    }

    /** Null when ImageIO has no reader for the format; throws when it has one and the data is bad. */
    private BufferedImage readWithImageIo(Path file, String name) throws MediaDecodeException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new MediaDecodeException(name, "cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSmall(w, h, name);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(w, h);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage img = reader.read(0, param);
                if (!warnings.isEmpty()) {
                    throw new MediaDecodeException(name, "corrupt or truncated " + reader.getFormatName()
                            + " image: " + String.join("; ", warnings));
                }
                return img;
            } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
                throw new MediaDecodeException(name, "corrupt " + reader.getFormatName() + " image (" + e.getMessage() + ")", e);
            } catch (MediaDecodeException e) {
                throw e;
            } catch (IOException e) {
                throw new MediaDecodeException(name, "corrupt or truncated " + reader.getFormatName()
                        + " image (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        } catch (MediaDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new MediaDecodeException(name, "cannot read the file (" + e + ")", e);
        }
    }

    private BufferedImage readWithOpenCv(Path file, String name) throws MediaDecodeException {
        try (Mat mat = opencv_imgcodecs.imread(file.toAbsolutePath().toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            if (mat == null || mat.empty()) {
                throw new UnsupportedMediaException(name, "not an image format this library can decode "
                        + "(JPEG, PNG, BMP, GIF, WebP, TIFF)");
            }
            int w = mat.cols();
            int h = mat.rows();
            checkSmall(w, h, name);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            long step = mat.step();
            org.bytedeco.javacpp.BytePointer p = mat.data();
            for (int y = 0; y < h; y++) {
                p.position(y * step).get(dst, y * w * 3, w * 3);
            }
            return prepare(img, name);
        }
    }

    private int subsampling(int w, int h) {
        int longer = Math.max(w, h);
        return longer <= maxSide ? 1 : (longer + maxSide - 1) / maxSide;
    }

    /**
     * Any image to a {@code TYPE_3BYTE_BGR} one. Grey images are copied sample by sample onto the
     * three channels (no colour-space conversion); others go through {@code getRGB}. Returns the
     * image itself when it already has that type.
     */
    static BufferedImage toBgr(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        java.awt.image.Raster r = img.getRaster();
        boolean grey = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (grey) {
            int bits = img.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
                    int o = (y * w + x) * 3;
                    dst[o] = (byte) v;
                    dst[o + 1] = (byte) v;
                    dst[o + 2] = (byte) v;
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int o = (y * w + x) * 3;
                dst[o] = (byte) argb;
                dst[o + 1] = (byte) (argb >> 8);
                dst[o + 2] = (byte) (argb >> 16);
            }
        }
        return out;
    }

    private static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
