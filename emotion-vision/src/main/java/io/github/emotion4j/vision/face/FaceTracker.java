package io.github.emotion4j.vision.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Gives each face a stable id across video frames by greedy intersection-over-union matching:
 * each new box joins the live track whose last box overlaps it most (IoU at least
 * {@code minIou}); unmatched boxes start new tracks; a track unseen for more than
 * {@code maxGapSeconds} ends. Ids count up from 1 and are never reused.
 *
 * <p>Not thread-safe: one tracker per video.
 */
public final class FaceTracker {
    /** A box with the id of the track it belongs to. */
    public record TrackedFace(int trackId, FaceBox box) {
        /** Checks the components and copies the mutable ones. */
        public TrackedFace {
            Objects.requireNonNull(box, "box");
        }
    }

    private static final class Track {
        final int id;
        FaceBox last;
        double lastSeen;

        Track(int id, FaceBox last, double lastSeen) {
            this.id = id;
            this.last = last;
            this.lastSeen = lastSeen;
        }
    }

    private final double minIou;
    private final double maxGapSeconds;
    private final List<Track> live = new ArrayList<>();
    private int nextId = 1;

    /** A tracker with IoU threshold 0.3 and a 1-second gap tolerance. */
    public FaceTracker() {
        this(0.3, 1.0);
    }

    /**
     * @param minIou        smallest overlap that continues a track, in (0, 1]
     * @param maxGapSeconds how long a track survives without a match
     */
    public FaceTracker(double minIou, double maxGapSeconds) {
        if (!(minIou > 0) || minIou > 1) {
            throw new IllegalArgumentException("minIou must be in (0, 1], was " + minIou);
        }
        if (!(maxGapSeconds >= 0)) {
            throw new IllegalArgumentException("maxGapSeconds must be >= 0, was " + maxGapSeconds);
        }
        this.minIou = minIou;
        this.maxGapSeconds = maxGapSeconds;
    }

    /**
     * Assigns the boxes of one frame to tracks.
     *
     * @param boxes       the frame's faces
     * @param timeSeconds the frame's time, non-decreasing from call to call
     * @return one tracked face per box, in the order of {@code boxes}
     */
    public List<TrackedFace> update(List<FaceBox> boxes, double timeSeconds) {
        Objects.requireNonNull(boxes, "boxes");
        live.removeIf(t -> timeSeconds - t.lastSeen > maxGapSeconds);
        record Pair(int box, Track track, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            for (Track t : live) {
                double iou = boxes.get(i).iou(t.last);
                if (iou >= minIou) {
                    pairs.add(new Pair(i, t, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        Track[] assigned = new Track[boxes.size()];
        List<Track> used = new ArrayList<>();
        for (Pair p : pairs) {
            if (assigned[p.box()] == null && !used.contains(p.track())) {
                assigned[p.box()] = p.track();
                used.add(p.track());
            }
        }
        List<TrackedFace> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Track t = assigned[i];
            if (t == null) {
                t = new Track(nextId++, boxes.get(i), timeSeconds);
                live.add(t);
            }
            t.last = boxes.get(i);
            t.lastSeen = timeSeconds;
            out.add(new TrackedFace(t.id, boxes.get(i)));
        }
        return out;
    }

    /** Number of tracks currently alive. */
    public int liveTracks() {
        return live.size();
    }
}
