package io.github.emotion4j.vision.expression;

import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a face crop into the model's input, the way face-api.js does: pad to a square with black,
 * centring the face (the extra pixel of an odd difference goes after it), resize to
 * {@code size x size} with TensorFlow's classic bilinear resize ({@code align_corners=false},
 * no half-pixel centres), then {@code (pixel - mean[c]) * scale} per RGB channel, laid out
 * channel-first. Immutable and thread-safe.
 */
public final class FacePreprocessor {
    private final int size;
    private final float[] mean;
    private final float scale;

    /**
     * @param size  output side in pixels
     * @param mean  per-channel mean in RGB order
     * @param scale factor applied after subtracting the mean
     */
    public FacePreprocessor(int size, double[] mean, double scale) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        Objects.requireNonNull(mean, "mean");
        if (mean.length != 3) {
            throw new IllegalArgumentException("mean needs 3 values (R, G, B), got " + Arrays.toString(mean));
        }
        this.size = size;
        this.mean = new float[] {(float) mean[0], (float) mean[1], (float) mean[2]};
        this.scale = (float) scale;
    }

    /**
     * Reads {@code preprocess.mean}, {@code preprocess.scale} (a number or a fraction such as
     * {@code 1/255}) and the input side from a card whose input is {@code [-1, 3, size, size]}.
     */
    public static FacePreprocessor fromCard(ModelCard card) throws ModelLoadException {
        Objects.requireNonNull(card, "card");
        try {
            double[] mean = card.doubles("preprocess.mean").orElse(new double[] {0, 0, 0});
            double scale = card.property("preprocess.scale").map(FacePreprocessor::parseNumber).orElse(1.0);
            long[] shape = card.inputs().get(0).shape();
            int size = card.property("preprocess.size").map(s -> (int) parseNumber(s))
                    .orElse((int) shape[shape.length - 1]);
            if (shape.length != 4 || shape[1] != 3) {
                throw new ModelLoadException("model " + card.id() + ": expected an input [-1, 3, H, W], found "
                        + Arrays.toString(shape));
            }
            return new FacePreprocessor(size, mean, scale);
        } catch (RuntimeException e) {
            throw new ModelLoadException("model " + card.id() + ": bad preprocessing keys in its card (" + e.getMessage() + ")",
                    null, e);
        }
    }

    static double parseNumber(String s) {
        String t = s.strip();
        int slash = t.indexOf('/');
        if (slash > 0) {
            return Double.parseDouble(t.substring(0, slash).strip()) / Double.parseDouble(t.substring(slash + 1).strip());
        }
        return Double.parseDouble(t);
    }

    /** Output side in pixels. */
    public int size() {
        return size;
    }

    /** Number of floats one face takes: {@code 3 * size * size}. */
    public int tensorSize() {
        return 3 * size * size;
    }

    /** The input tensor of one face, channel-first RGB. */
    public float[] apply(BufferedImage face) {
        float[] out = new float[tensorSize()];
        apply(face, out, 0);
        return out;
    }

    /**
     * Writes one face's input into {@code dst} starting at {@code offset}.
     *
     * @param face any image; {@code TYPE_3BYTE_BGR} is read directly, others through {@code getRGB}
     */
    public void apply(BufferedImage face, float[] dst, int offset) {
        apply(face, dst, offset, false);
    }

    /**
     * Writes the input of the face's mirror image (left and right swapped) into {@code dst} starting
     * at {@code offset}: exactly {@code apply(mirror(face), dst, offset)}, read from the face itself
     * without making the mirrored copy (the second view of mirror averaging).
     *
     * @param face any image; {@code TYPE_3BYTE_BGR} is read directly, others through {@code getRGB}
     */
    public void applyMirrored(BufferedImage face, float[] dst, int offset) {
        apply(face, dst, offset, true);
    }

    private void apply(BufferedImage face, float[] dst, int offset, boolean mirrored) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(dst, "dst");
        int w = face.getWidth();
        int h = face.getHeight();
        byte[] bgr = bgrBytes(face);
        int plane = size * size;
        if (w == size && h == size) {
            // no padding, one source pixel per output pixel: the bilinear weights are all 0, the value the pixel's
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int o = (y * w + (mirrored ? w - 1 - x : x)) * 3;
                    for (int c = 0; c < 3; c++) {
                        float v = bgr[o + 2 - c] & 0xff;
                        dst[offset + c * plane + y * size + x] = (v - mean[c]) * scale;
                    }
                }
            }
            return;
        }
        int side = Math.max(w, h);
        int padX = w < h ? leadingPad(w, h) : 0;
        int padY = h < w ? leadingPad(w, h) : 0;
        float step = (float) side / size;
        // per output column: the byte offsets of its two source columns in a row (-1 outside the face: black)
        int[] c0 = new int[size];
        int[] c1 = new int[size];
        float[] fx = new float[size];
        for (int x = 0; x < size; x++) {
            float sx = x * step;
            int lo = (int) Math.floor(sx);
            int rx0 = lo - padX;
            int rx1 = Math.min(lo + 1, side - 1) - padX;
            if (mirrored) {
                // column rx of the mirror image is column w - 1 - rx of the face (inside it exactly when rx is)
                rx0 = w - 1 - rx0;
                rx1 = w - 1 - rx1;
            }
            c0[x] = rx0 >= 0 && rx0 < w ? rx0 * 3 : -1;
            c1[x] = rx1 >= 0 && rx1 < w ? rx1 * 3 : -1;
            fx[x] = sx - lo;
        }
        for (int y = 0; y < size; y++) {
            float sy = y * step;
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, side - 1);
            float fy = sy - y0;
            int ry0 = y0 - padY;
            int ry1 = y1 - padY;
            int r0 = ry0 >= 0 && ry0 < h ? ry0 * w * 3 : -1;
            int r1 = ry1 >= 0 && ry1 < h ? ry1 * w * 3 : -1;
            int out = offset + y * size;
            for (int x = 0; x < size; x++) {
                int p00 = r0 >= 0 && c0[x] >= 0 ? r0 + c0[x] : -1;
                int p01 = r0 >= 0 && c1[x] >= 0 ? r0 + c1[x] : -1;
                int p10 = r1 >= 0 && c0[x] >= 0 ? r1 + c0[x] : -1;
                int p11 = r1 >= 0 && c1[x] >= 0 ? r1 + c1[x] : -1;
                float f = fx[x];
                for (int c = 0; c < 3; c++) {
                    int b = 2 - c;
                    float tl = p00 >= 0 ? bgr[p00 + b] & 0xff : 0f;
                    float tr = p01 >= 0 ? bgr[p01 + b] & 0xff : 0f;
                    float bl = p10 >= 0 ? bgr[p10 + b] & 0xff : 0f;
                    float br = p11 >= 0 ? bgr[p11 + b] & 0xff : 0f;
                    float top = tl + (tr - tl) * f;
                    float bottom = bl + (br - bl) * f;
                    float v = top + (bottom - top) * fy;
                    dst[out + c * plane + x] = (v - mean[c]) * scale;
                }
            }
        }
    }

    /**
     * The black border put before (left of, or above) a {@code w x h} image when it is padded to a
     * centred square: {@code d - round(d / 2)} for {@code d = |w - h|}, as face-api.js does (the
     * extra pixel of an odd difference goes after the image). Maps model outputs back to the image.
     */
    public static int leadingPad(int w, int h) {
        int diff = Math.abs(w - h);
        return diff - (int) Math.floor(diff * 0.5 + 0.5);
    }

    /**
     * The image mirrored left to right, in its own colour model (grey stays grey, samples untouched):
     * the second view of mirror averaging ({@link ExpressionHead#flipAverage()}).
     */
    public static BufferedImage mirror(BufferedImage img) {
        Objects.requireNonNull(img, "img");
        int w = img.getWidth();
        int h = img.getHeight();
        java.awt.image.WritableRaster dst = img.getColorModel().createCompatibleWritableRaster(w, h);
        java.awt.image.Raster src = img.getRaster();
        Object px = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px = src.getDataElements(x, y, px);
                dst.setDataElements(w - 1 - x, y, px);
            }
        }
        return new BufferedImage(img.getColorModel(), dst, img.isAlphaPremultiplied(), null);
    }

    private static byte[] bgrBytes(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && img.getRaster().getDataBuffer() instanceof DataBufferByte d
                && img.getRaster().getParent() == null) {
            return d.getData();
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        boolean grey = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && img.getColorModel().getComponentSize(0) == 8;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            if (grey) {
                img.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) row[x];
                }
            } else {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = (byte) row[x];
                    out[o + 1] = (byte) (row[x] >> 8);
                    out[o + 2] = (byte) (row[x] >> 16);
                }
            }
        }
        return out;
    }
}
