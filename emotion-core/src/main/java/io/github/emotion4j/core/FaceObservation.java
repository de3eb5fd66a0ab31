package io.github.emotion4j.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One face as the vision modality saw it: who (a person number), where (box, landmarks), how sure
 * the detector was, and the expression read from it. An image gives one observation per face; a
 * video gives one per person per timeline window ({@code vision.window} seconds), so all the
 * observations with the same {@link #person()} form that person's timeline, across occlusions and
 * cuts (the vision module re-identifies people by a face descriptor).
 *
 * <p>Coordinates are pixels of the analysed image or video frame, origin top left. In a video,
 * {@link #box()} and {@link #landmarks()} come from one frame of the window: the last one in which
 * the person's landmarks were computed (the vision module computes them a few times a second, not
 * on every frame), else the last one in which the person was seen. Immutable.
 *
 * @param person       person number, from 1; in an image simply the face's number (largest first)
 * @param span         the window in seconds; empty for an image
 * @param box          the face box; empty when the whole image was read as a face crop
 * @param score        the detector's confidence for the box (detector-specific scale; for Haar
 *                     cascades the number of merged neighbour detections); {@code NaN} without a box
 * @param landmarks    the 68 facial landmarks (iBUG 300-W order: 0-16 jaw, 17-26 brows, 27-35
 *                     nose, 36-41 right eye, 42-47 left eye, 48-67 mouth), or empty when the face
 *                     was too small for them or no landmark model ran
 * @param distribution the face's expression (the window's, for a video)
 * @param frames       frames behind this observation (1 for an image)
 * @param warnings     what the caller should know about this face (e.g. too small for landmarks)
 */
public record FaceObservation(int person, Optional<TimeSpan> span, Optional<Box> box, double score,
                              List<Point> landmarks, EmotionDistribution distribution, int frames,
                              List<String> warnings) {
    /** Number of landmarks of a face that has them. */
    public static final int LANDMARKS = 68;

    /** Checks the components and copies the lists. */
    public FaceObservation {
        if (person < 1) {
            throw new IllegalArgumentException("person numbers start at 1, was " + person);
        }
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(box, "box");
        landmarks = List.copyOf(landmarks);
        if (!landmarks.isEmpty() && landmarks.size() != LANDMARKS) {
            throw new IllegalArgumentException("a face has 0 or " + LANDMARKS + " landmarks, got " + landmarks.size());
        }
        Objects.requireNonNull(distribution, "distribution");
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1, was " + frames);
        }
        warnings = List.copyOf(warnings);
    }

    /** A face rectangle in pixels. */
    public record Box(int x, int y, int width, int height) {
        /** Checks the size. */
        public Box {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("box needs a positive size, was " + width + "x" + height);
            }
        }
    }

    /** A point in pixels (sub-pixel precision). */
    public record Point(double x, double y) {
        /** Checks that both coordinates are finite. */
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("point needs finite coordinates, was (" + x + ", " + y + ")");
            }
        }
    }

    /** Shortcut for {@code distribution().top()}. */
    public LabelScore top() {
        return distribution.top();
    }
}
