package io.github.emotion4j.vision.face;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * Cuts faces out of images: the box is widened by a margin on every side and the part of the
 * widened box that lies inside the image is copied. Squaring (padding) and resizing are the
 * expression model's preprocessing, which pads centred with zeros like face-api.js. Stateless and
 * thread-safe.
 */
public final class FaceCrops {
    private FaceCrops() {
    }

    /**
     * The box widened by {@code margin} (a fraction of its width/height on each side), clipped to the image.
     */
    public static FaceBox expand(FaceBox box, double margin, int imageWidth, int imageHeight) {
        Objects.requireNonNull(box, "box");
        if (!(margin >= 0) || margin > 2) {
            throw new IllegalArgumentException("margin must be in [0, 2], was " + margin);
        }
        int mx = (int) Math.round(box.width() * margin);
        int my = (int) Math.round(box.height() * margin);
        int x0 = Math.max(0, box.x() - mx);
        int y0 = Math.max(0, box.y() - my);
        int x1 = Math.min(imageWidth, box.x() + box.width() + mx);
        int y1 = Math.min(imageHeight, box.y() + box.height() + my);
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("face box " + box + " lies outside the " + imageWidth + "x" + imageHeight + " image");
        }
        return new FaceBox(x0, y0, x1 - x0, y1 - y0, box.score());
    }

    /** A {@code TYPE_3BYTE_BGR} copy of the box widened by {@code margin}, clipped to the image. */
    public static BufferedImage crop(BufferedImage image, FaceBox box, double margin) {
        Objects.requireNonNull(image, "image");
        FaceBox r = expand(box, margin, image.getWidth(), image.getHeight());
        BufferedImage out = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_3BYTE_BGR);
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] src = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            int sw = image.getWidth() * 3;
            for (int y = 0; y < r.height(); y++) {
                System.arraycopy(src, (r.y() + y) * sw + r.x() * 3, dst, y * r.width() * 3, r.width() * 3);
            }
        } else {
            out.getGraphics().drawImage(image.getSubimage(r.x(), r.y(), r.width(), r.height()), 0, 0, null);
        }
        return out;
    }
}
