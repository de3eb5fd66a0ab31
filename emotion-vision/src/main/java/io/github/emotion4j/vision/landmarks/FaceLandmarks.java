package io.github.emotion4j.vision.landmarks;

import io.github.emotion4j.core.FaceObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The 68 facial landmarks of one face in image pixels, in the iBUG 300-W order face-api.js uses:
 * 0-16 jaw, 17-21 and 22-26 brows, 27-35 nose, 36-41 the eye on the picture's left (the subject's
 * right), 42-47 the other eye, 48-67 mouth. Immutable.
 */
public final class FaceLandmarks {
    /** Number of points. */
    public static final int COUNT = 68;

    private final float[] xy;

    /**
     * @param xy the points interleaved {@code x0, y0, x1, y1, ...} (136 finite values), copied
     */
    public FaceLandmarks(float[] xy) {
        Objects.requireNonNull(xy, "xy");
        if (xy.length != 2 * COUNT) {
            throw new IllegalArgumentException("68 landmarks need 136 coordinates, got " + xy.length);
        }
        for (float v : xy) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("landmark coordinates must be finite");
            }
        }
        this.xy = xy.clone();
    }

    /** The x coordinate of point {@code i}. */
    public double x(int i) {
        return xy[2 * Objects.checkIndex(i, COUNT)];
    }

    /** The y coordinate of point {@code i}. */
    public double y(int i) {
        return xy[2 * Objects.checkIndex(i, COUNT) + 1];
    }

    /**
     * These landmarks carried from the face box they were found in to another box of the same face
     * (a later video frame): scaled by the ratio of the boxes' sides about their centres and moved
     * with the centre. The video path uses it between two runs of the landmark net.
     *
     * @param from the box the landmarks were found in
     * @param to   the face's box now
     */
    public FaceLandmarks moved(io.github.emotion4j.vision.face.FaceBox from, io.github.emotion4j.vision.face.FaceBox to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        double sx = (double) to.width() / from.width();
        double sy = (double) to.height() / from.height();
        double fx = from.x() + from.width() / 2.0;
        double fy = from.y() + from.height() / 2.0;
        double tx = to.x() + to.width() / 2.0;
        double ty = to.y() + to.height() / 2.0;
        float[] out = new float[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            out[i] = (float) (tx + (xy[i] - fx) * sx);
            out[i + 1] = (float) (ty + (xy[i + 1] - fy) * sy);
        }
        return new FaceLandmarks(out);
    }

    /** A copy of the interleaved coordinates. */
    public float[] toArray() {
        return xy.clone();
    }

    /** Centre of the eye on the picture's left (points 36-41), {@code {x, y}}. */
    public double[] leftEyeCentre() {
        return mean(36, 42);
    }

    /** Centre of the eye on the picture's right (points 42-47), {@code {x, y}}. */
    public double[] rightEyeCentre() {
        return mean(42, 48);
    }

    /** Centre of the mouth (points 48-67), {@code {x, y}}. */
    public double[] mouthCentre() {
        return mean(48, 68);
    }

    /** Distance between the eye centres in pixels. */
    public double eyeDistance() {
        double[] l = leftEyeCentre();
        double[] r = rightEyeCentre();
        return Math.hypot(r[0] - l[0], r[1] - l[1]);
    }

    /** Angle of the line from the left to the right eye centre, in radians (0 = level, positive = clockwise on screen). */
    public double eyeAngle() {
        double[] l = leftEyeCentre();
        double[] r = rightEyeCentre();
        return Math.atan2(r[1] - l[1], r[0] - l[0]);
    }

    /** The smallest axis-aligned box around all points, {@code {x0, y0, x1, y1}}. */
    public double[] bounds() {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i < COUNT; i++) {
            x0 = Math.min(x0, xy[2 * i]);
            x1 = Math.max(x1, xy[2 * i]);
            y0 = Math.min(y0, xy[2 * i + 1]);
            y1 = Math.max(y1, xy[2 * i + 1]);
        }
        return new double[] {x0, y0, x1, y1};
    }

    /** These points moved by {@code (dx, dy)}. */
    public FaceLandmarks shifted(double dx, double dy) {
        float[] out = xy.clone();
        for (int i = 0; i < COUNT; i++) {
            out[2 * i] += (float) dx;
            out[2 * i + 1] += (float) dy;
        }
        return new FaceLandmarks(out);
    }

    /** As the core result type's points. */
    public List<FaceObservation.Point> points() {
        List<FaceObservation.Point> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            out.add(new FaceObservation.Point(xy[2 * i], xy[2 * i + 1]));
        }
        return out;
    }

    private double[] mean(int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += xy[2 * i];
            sy += xy[2 * i + 1];
        }
        return new double[] {sx / (to - from), sy / (to - from)};
    }

    @Override
    public String toString() {
        double[] b = bounds();
        return String.format(java.util.Locale.ROOT, "FaceLandmarks[68 points in (%.1f,%.1f)-(%.1f,%.1f), eyes %.1f px apart]",
                b[0], b[1], b[2], b[3], eyeDistance());
    }
}
