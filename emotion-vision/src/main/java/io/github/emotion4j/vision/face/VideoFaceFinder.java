package io.github.emotion4j.vision.face;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds faces frame after frame in a video, cheaply: a full-frame scan at most every
 * {@code fullScanSeconds} (to pick up people who arrive), and in between a search of the
 * neighbourhood of each face of the previous frame (its box widened by half on every side) with a
 * small, fast region detector. When a face is not found again near its last place, the frame is
 * scanned in full.
 *
 * <p>The periodic full scans can be done elsewhere, e.g. on the thread that decodes the video
 * ahead ({@link io.github.emotion4j.vision.decode.DecodeAhead}): {@link #periodicScanner()} gives the
 * scans on the same schedule, and {@link #find(BufferedImage, double, Optional)} takes a frame's
 * full-scan result instead of scanning it again; the result is the same as when this finder scans
 * itself.
 *
 * <p>Not thread-safe: one per video. The detectors are shared and not closed here.
 */
public final class VideoFaceFinder {
    private final FaceDetector full;
    private final Optional<FaceDetector> region;
    private final double fullScanSeconds;
    private List<FaceBox> last = List.of();
    private double lastFull = Double.NEGATIVE_INFINITY;
    private long fullScans;
    private long regionScans;

    /**
     * @param full            detector for whole frames
     * @param region          detector for face neighbourhoods; empty = scan every frame in full
     * @param fullScanSeconds longest time between two full scans
     */
    public VideoFaceFinder(FaceDetector full, Optional<FaceDetector> region, double fullScanSeconds) {
        this.full = Objects.requireNonNull(full, "full");
        this.region = Objects.requireNonNull(region, "region");
        if (!(fullScanSeconds >= 0)) {
            throw new IllegalArgumentException("fullScanSeconds must be >= 0, was " + fullScanSeconds);
        }
        this.fullScanSeconds = fullScanSeconds;
    }

    /** A region detector suited to {@link #VideoFaceFinder}: a Haar detector on a 160-pixel neighbourhood. */
    public static HaarFaceDetector regionDetector() {
        return HaarFaceDetector.builder().detectionSide(160).minFaceFraction(0.3).minNeighbors(3).build();
    }

    /**
     * The faces of a frame, largest first.
     *
     * @param frame       the frame
     * @param timeSeconds its time, non-decreasing from call to call
     */
    public List<FaceBox> find(BufferedImage frame, double timeSeconds) {
        return find(frame, timeSeconds, Optional.empty());
    }

    /**
     * The faces of a frame, largest first, given the frame's full-scan result when one was made
     * elsewhere ({@link #periodicScanner()}): it is used as this finder's own full scan would be.
     *
     * @param frame       the frame
     * @param timeSeconds its time, non-decreasing from call to call
     * @param fullScan    the full detector's faces of this frame, if it was scanned
     */
    public List<FaceBox> find(BufferedImage frame, double timeSeconds, Optional<List<FaceBox>> fullScan) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(fullScan, "fullScan");
        if (fullScan.isPresent()) {
            fullScans++;
            lastFull = timeSeconds;
            last = List.copyOf(fullScan.get());
            return last;
        }
        if (region.isEmpty() || last.isEmpty() || timeSeconds - lastFull >= fullScanSeconds) {
            return fullScan(frame, timeSeconds);
        }
        List<FaceBox> found = new ArrayList<>();
        for (FaceBox prev : last) {
            FaceBox area = FaceCrops.expand(prev, 0.5, frame.getWidth(), frame.getHeight());
            BufferedImage crop = FaceCrops.crop(frame, area, 0);
            regionScans++;
            List<FaceBox> near = region.get().detect(crop);
            if (near.isEmpty()) {
                return fullScan(frame, timeSeconds);
            }
            FaceBox best = near.stream().max(Comparator.comparingDouble(b -> b.iou(shift(prev, -area.x(), -area.y()))))
                    .orElseThrow();
            found.add(shift(best, area.x(), area.y()));
        }
        found.sort(Comparator.comparingLong(FaceBox::area).reversed());
        last = List.copyOf(found);
        return last;
    }

    /**
     * The full scans this finder would make every {@code fullScanSeconds} (every frame when it has
     * no region detector), for another thread: its {@link PeriodicScanner#scan} scans a frame when
     * the last scan is that old (the first frame always) and gives empty otherwise. Frames where a
     * face was lost, or where none was seen, are still scanned by
     * {@link #find(BufferedImage, double, Optional)} itself.
     */
    public PeriodicScanner periodicScanner() {
        return new PeriodicScanner(full, region.isEmpty() ? 0 : fullScanSeconds);
    }

    /**
     * Full-frame scans on a schedule, one object per video on one thread (not thread-safe); the
     * detector is thread-safe and shared.
     */
    public static final class PeriodicScanner {
        private final FaceDetector detector;
        private final double seconds;
        private double last = Double.NEGATIVE_INFINITY;

        PeriodicScanner(FaceDetector detector, double seconds) {
            this.detector = detector;
            this.seconds = seconds;
        }

        /** The frame's faces when a scan is due, else empty. */
        public Optional<List<FaceBox>> scan(BufferedImage frame, double timeSeconds) {
            Objects.requireNonNull(frame, "frame");
            if (timeSeconds - last < seconds) {
                return Optional.empty();
            }
            last = timeSeconds;
            return Optional.of(detector.detect(frame));
        }
    }

    private List<FaceBox> fullScan(BufferedImage frame, double t) {
        fullScans++;
        lastFull = t;
        last = full.detect(frame);
        return last;
    }

    private static FaceBox shift(FaceBox b, int dx, int dy) {
        return new FaceBox(b.x() + dx, b.y() + dy, b.width(), b.height(), b.score());
    }

    /** Number of full-frame scans so far. */
    public long fullScans() {
        return fullScans;
    }

    /** Number of neighbourhood searches so far. */
    public long regionScans() {
        return regionScans;
    }
}
