package io.github.emotion4j.vision.face;

/**
 * A face rectangle in image pixels.
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width, {@code > 0}
 * @param height height, {@code > 0}
 * @param score  detector confidence (for Haar cascades: the number of merged neighbour detections)
 */
public record FaceBox(int x, int y, int width, int height, double score) {
    /** Checks the components and copies the mutable ones. */
    public FaceBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("face box needs a positive size, was " + width + "x" + height);
        }
    }

    /** Area in pixels. */
    public long area() {
        return (long) width * height;
    }

    /** Intersection over union with another box, in [0, 1]. */
    public double iou(FaceBox o) {
        long ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        long iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        long inter = ix * iy;
        long union = area() + o.area() - inter;
        return union <= 0 ? 0 : (double) inter / union;
    }

    /** This box scaled by a factor about the origin (to map boxes between image scales). */
    public FaceBox scaled(double factor) {
        return new FaceBox((int) Math.round(x * factor), (int) Math.round(y * factor),
                Math.max(1, (int) Math.round(width * factor)), Math.max(1, (int) Math.round(height * factor)), score);
    }
}
