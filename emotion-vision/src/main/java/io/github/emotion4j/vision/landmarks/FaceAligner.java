package io.github.emotion4j.vision.landmarks;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts an aligned face out of an image using its landmarks: the picture is rotated about the
 * midpoint of the eyes so that they are level, scaled so that the eye distance is
 * {@link #eyeDistance()} of the output side, and the eye midpoint lands at
 * {@code (side / 2, eyeHeight * side)}. Bilinear sampling; what falls outside the image is black
 * (as the expression model's own square padding). Immutable and thread-safe.
 *
 * <p>{@link #DEFAULT} was chosen on a split of FER2013's training set (see the emotion-vision
 * README, "Landmarks and alignment", for the figures and the command).
 */
public final class FaceAligner {
    /**
     * The default geometry: 112-pixel output, eyes 0.38 of the side apart, at 0.36 of the side from
     * the top (the best of a 4 x 3 grid on the tuning split).
     */
    public static final FaceAligner DEFAULT = new FaceAligner(112, 0.38, 0.36);

    private final int side;
    private final double eyeDistance;
    private final double eyeHeight;

    /**
     * @param side        output side in pixels, {@code >= 8}
     * @param eyeDistance eye distance as a fraction of the side, in (0, 1)
     * @param eyeHeight   height of the eye midpoint as a fraction of the side from the top, in (0, 1)
     */
    public FaceAligner(int side, double eyeDistance, double eyeHeight) {
        if (side < 8 || side > 4096) {
            throw new IllegalArgumentException("side must be in [8, 4096], was " + side);
        }
        if (!(eyeDistance > 0 && eyeDistance < 1)) {
            throw new IllegalArgumentException("eyeDistance must be in (0, 1), was " + eyeDistance);
        }
        if (!(eyeHeight > 0 && eyeHeight < 1)) {
            throw new IllegalArgumentException("eyeHeight must be in (0, 1), was " + eyeHeight);
        }
        this.side = side;
        this.eyeDistance = eyeDistance;
        this.eyeHeight = eyeHeight;
    }

    /** Output side in pixels. */
    public int side() {
        return side;
    }

    /** Eye distance as a fraction of the side. */
    public double eyeDistance() {
        return eyeDistance;
    }

    /** Height of the eye midpoint as a fraction of the side. */
    public double eyeHeight() {
        return eyeHeight;
    }

    /**
     * The aligned face, a {@code TYPE_3BYTE_BGR} image of {@link #side()} pixels a side.
     *
     * @param image     the picture the landmarks were found in (any type)
     * @param landmarks the face's landmarks in that picture's pixels
     * @throws IllegalArgumentException when the eyes coincide (degenerate landmarks)
     */
    public BufferedImage align(BufferedImage image, FaceLandmarks landmarks) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(landmarks, "landmarks");
        double d = landmarks.eyeDistance();
        if (!(d > 1e-3)) {
            throw new IllegalArgumentException("cannot align a face whose eye centres coincide: " + landmarks);
        }
        double[] l = landmarks.leftEyeCentre();
        double[] r = landmarks.rightEyeCentre();
        double cx = (l[0] + r[0]) / 2;
        double cy = (l[1] + r[1]) / 2;
        double angle = landmarks.eyeAngle();
        double perOut = d / (eyeDistance * side); // source pixels per output pixel
        double cos = Math.cos(angle) * perOut;
        double sin = Math.sin(angle) * perOut;
        byte[] src = bgr(image);
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        double ox = side / 2.0;
        double oy = eyeHeight * side;
        for (int v = 0; v < side; v++) {
            double dy = v + 0.5 - oy;
            for (int u = 0; u < side; u++) {
                double dx = u + 0.5 - ox;
                // rotate the output offset by the eye angle into the source, then back to pixel corners
                double sx = cx + cos * dx - sin * dy - 0.5;
                double sy = cy + sin * dx + cos * dy - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int o = (v * side + u) * 3;
                for (int c = 0; c < 3; c++) {
                    double top = at(src, w, h, x0, y0, c) * (1 - fx) + at(src, w, h, x0 + 1, y0, c) * fx;
                    double bottom = at(src, w, h, x0, y0 + 1, c) * (1 - fx) + at(src, w, h, x0 + 1, y0 + 1, c) * fx;
                    dst[o + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    private static int at(byte[] bgr, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0;
        }
        return bgr[(y * w + x) * 3 + c] & 0xff;
    }

    private static byte[] bgr(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && img.getRaster().getDataBuffer() instanceof DataBufferByte b
                && img.getRaster().getParent() == null) {
            return b.getData();
        }
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = copy.createGraphics();
        try {
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferByte) copy.getRaster().getDataBuffer()).getData();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FaceAligner[side %d, eyes %.2f apart at %.2f]", side, eyeDistance, eyeHeight);
    }
}
