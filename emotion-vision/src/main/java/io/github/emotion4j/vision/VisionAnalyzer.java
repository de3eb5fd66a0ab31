package io.github.emotion4j.vision;

import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.core.spi.CloseGuard;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.TruncationCheck;
import io.github.emotion4j.vision.decode.DecodeAhead;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.decode.NoVideoStreamException;
import io.github.emotion4j.vision.decode.VideoFrame;
import io.github.emotion4j.vision.decode.VideoReader;
import io.github.emotion4j.vision.dynamics.ClipDynamics;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.BlazeFaceDetector;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceDetector;
import io.github.emotion4j.vision.face.FaceSelection;
import io.github.emotion4j.vision.face.FaceTracker;
import io.github.emotion4j.vision.face.VideoFaceFinder;
import io.github.emotion4j.vision.identity.PersonAssigner;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Faces in images and videos: detection, cropping, the expression network, a face tracker and
 * per-window lifting-scheme dynamics.
 *
 * <ul>
 *   <li>An image gives one result: the distribution of its faces (area-weighted; the largest only
 *       with {@code vision.faces=largest}), one embedding (the class probabilities) and one cue per
 *       face.</li>
 *   <li>A video is streamed at {@code vision.fps}; each tracked face gets one segment per
 *       {@code vision.window} seconds (source {@code face#<id>}) summarised by
 *       {@link LiftingDynamics}, with the clip embedding; the result's distribution is the
 *       frame-weighted mean of the segments.</li>
 *   <li>With {@link FaceModels} (the provider loads them; {@link FaceAnalysisOptions}): 68 landmarks
 *       per face of at least {@link LandmarkNet#MIN_FACE_SIDE} pixels (smaller faces still get an
 *       expression, with a warning), optional alignment before the expression net, and in a video
 *       people re-identified by face descriptor, so segments and {@link ModalityResult#faces()} are
 *       per person ({@code face#<person>}) across occlusions and cuts rather than per IoU track.</li>
 *   <li>Every face is also a {@link FaceObservation} in {@link ModalityResult#faces()}: one per face of
 *       an image, one per person per window of a video.</li>
 *   <li>No face: a result without distribution and the warning {@code "no face found"}.</li>
 *   <li>A video file without video stream (AAC in an {@code .mp4}): a result without distribution and
 *       the warning {@code "no video stream in <file>"}; a truncated video adds the warning
 *       {@code "file looks truncated: ..."} and the detail {@value TruncationCheck#DETAIL}.</li>
 * </ul>
 *
 * <p>A video is read on up to three kinds of threads: the decoding thread ({@code vision.decodeAhead},
 * which also makes the periodic full-frame scans), the calling thread (face search near each face,
 * tracking, landmarks, identity, the windows) and the executor given at construction (the
 * recognizer's: each frame's expressions, up to {@value #EXPRESSIONS_IN_FLIGHT} frames ahead, and the
 * passes of the full scans), handed over as {@link ClaimableTask}s and taken back in frame order, so
 * the result is the same as on the calling thread alone.
 *
 * <p>Thread-safe: the detector, the network and the dynamics are; per-video state lives in
 * {@link #analyze(MediaInput)}'s frame. {@link #close()} refuses new calls, waits for the calls in
 * flight, then closes the detectors; it is idempotent.
 */
public final class VisionAnalyzer implements ModalityAnalyzer {
    /** The warning of a result without faces. */
    public static final String NO_FACE = "no face found";

    private final ExpressionNet net;
    private final FaceDetector detector;
    private final Optional<FaceDetector> regionDetector;
    private final VisionOptions options;
    private final LiftingDynamics dynamics;
    private final FaceModels faceModels;
    private final Executor executor;
    private final ImageDecoder images = new ImageDecoder();
    private final CloseGuard guard = new CloseGuard("vision analyser");

    /**
     * Video frames whose expressions may be in the works on the executor at once, ahead of the
     * frame the analysis is at (emotion-vision README, "The video pipeline").
     */
    static final int EXPRESSIONS_IN_FLIGHT = 4;

    /**
     * @param net      the expression network
     * @param detector the face detector (closed with this analyser)
     * @param options  settings
     * @param dynamics the per-window dynamics
     */
    public VisionAnalyzer(ExpressionNet net, FaceDetector detector, VisionOptions options, LiftingDynamics dynamics) {
        this(net, detector, Optional.empty(), options, dynamics);
    }

    /**
     * @param net            the expression network
     * @param detector       the face detector (closed with this analyser)
     * @param regionDetector a fast detector for the neighbourhood of a face seen in the previous
     *                       video frame (see {@link VideoFaceFinder}; closed with this analyser); empty =
     *                       scan every video frame in full
     * @param options        settings
     * @param dynamics       the per-window dynamics
     */
    public VisionAnalyzer(ExpressionNet net, FaceDetector detector, Optional<FaceDetector> regionDetector,
                          VisionOptions options, LiftingDynamics dynamics) {
        this(net, detector, regionDetector, options, dynamics, FaceModels.none());
    }

    /**
     * @param net            the expression network
     * @param detector       the face detector (closed with this analyser)
     * @param regionDetector a fast detector for the neighbourhood of a face seen in the previous
     *                       video frame; empty = scan every video frame in full
     * @param options        settings
     * @param dynamics       the per-window dynamics
     * @param faceModels     landmarks, alignment and identity ({@link FaceModels#none()}: none)
     */
    public VisionAnalyzer(ExpressionNet net, FaceDetector detector, Optional<FaceDetector> regionDetector,
                          VisionOptions options, LiftingDynamics dynamics, FaceModels faceModels) {
        this(net, detector, regionDetector, options, dynamics, faceModels, AnalyzerContext.CALLING_THREAD);
    }

    /**
     * @param net            the expression network
     * @param detector       the face detector (closed with this analyser)
     * @param regionDetector a fast detector for the neighbourhood of a face seen in the previous
     *                       video frame; empty = scan every video frame in full
     * @param options        settings
     * @param dynamics       the per-window dynamics
     * @param faceModels     landmarks, alignment and identity ({@link FaceModels#none()}: none)
     * @param executor       where a video's expression crops and network runs go, up to
     *                       {@value #EXPRESSIONS_IN_FLIGHT} frames ahead of the frame being tracked (the
     *                       recognizer's, {@link AnalyzerContext#executor()}; handed over as
     *                       {@link ClaimableTask}s, so a busy or one-thread executor only makes the
     *                       analysis sequential); {@link AnalyzerContext#CALLING_THREAD}: all on the
     *                       calling thread. The results are the same either way.
     */
    public VisionAnalyzer(ExpressionNet net, FaceDetector detector, Optional<FaceDetector> regionDetector,
                          VisionOptions options, LiftingDynamics dynamics, FaceModels faceModels, Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.faceModels = Objects.requireNonNull(faceModels, "faceModels");
        this.net = Objects.requireNonNull(net, "net");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.regionDetector = Objects.requireNonNull(regionDetector, "regionDetector");
        this.options = Objects.requireNonNull(options, "options");
        this.dynamics = Objects.requireNonNull(dynamics, "dynamics");
    }

    @Override
    public Modality modality() {
        return Modality.VISION;
    }

    @Override
    public boolean accepts(MediaInput input) {
        Objects.requireNonNull(input, "input");
        return input.image().isPresent()
                || input.file().isPresent() && (input.kind() == MediaKind.IMAGE || input.kind() == MediaKind.VIDEO);
    }

    /** The settings in use. */
    public VisionOptions options() {
        return options;
    }

    /** The expression network. */
    public ExpressionNet net() {
        return net;
    }

    /** The landmark and descriptor networks and their settings. */
    public FaceModels faceModels() {
        return faceModels;
    }

    /** The warning of a face too small for landmarks. */
    static String tooSmall(FaceBox b) {
        return String.format(Locale.ROOT, "face of %dx%d px is too small for landmarks (< %d px): expression read without "
                + "landmarks or alignment", b.width(), b.height(), LandmarkNet.MIN_FACE_SIDE);
    }

    @Override
    public ModalityResult analyze(MediaInput input) throws IOException {
        Objects.requireNonNull(input, "input");
        return guard.call(() -> analyzeOpen(input));
    }

    private ModalityResult analyzeOpen(MediaInput input) throws IOException {
        if (input.image().isPresent()) {
            return imageResult(faces(images.prepare(input.image().get(), input.describe())), input.describe());
        }
        Path file = input.file().orElseThrow(() -> new UnsupportedMediaException(input.describe(),
                "the vision analyser reads images and videos, not " + input.kind()));
        return switch (input.kind()) {
            case IMAGE -> imageResult(faces(images.read(file)), file.toString());
            case VIDEO -> analyzeVideo(file);
            default -> throw new UnsupportedMediaException(file.toString(), "not an image or video file (kind "
                    + input.kind() + ")");
        };
    }

    /**
     * Finds the faces of an image and reads their expressions, honouring {@code vision.detect}
     * and {@code vision.faces}.
     *
     * @return the faces, largest first; empty when none was found
     */
    public List<FaceExpression> faces(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return guard.call(() -> facesOpen(image));
    }

    private List<FaceExpression> facesOpen(BufferedImage image) {
        List<FaceBox> boxes = options.detect() == VisionOptions.Detect.NEVER ? List.of() : select(detector.detect(image));
        if (boxes.isEmpty()) {
            boolean crop = options.detect() == VisionOptions.Detect.NEVER
                    || options.detect() == VisionOptions.Detect.AUTO
                    && Math.max(image.getWidth(), image.getHeight()) <= VisionOptions.CROP_SIDE_LIMIT
                    && !isFlat(image);
            return crop ? precropped(List.of(image)) : List.of();
        }
        List<Optional<FaceLandmarks>> lms = faceModels.locate(image, boxes);
        List<BufferedImage> crops = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            crops.add(faceModels.expressionCrop(image, Optional.of(boxes.get(i)), lms.get(i), options.margin()));
        }
        float[][] p = net.probabilities(crops);
        List<FaceExpression> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            List<String> w = faceModels.locates() && lms.get(i).isEmpty() ? List.of(tooSmall(boxes.get(i))) : List.of();
            out.add(new FaceExpression(Optional.of(boxes.get(i)), p[i], net.distribution(p[i]), lms.get(i), w));
        }
        return out;
    }

    /** Reads the expressions of images that are already face crops (dataset images), no detection. */
    public List<FaceExpression> precropped(List<BufferedImage> faces) {
        Objects.requireNonNull(faces, "faces");
        guard.enter();
        try {
            List<Optional<FaceLandmarks>> lms = faceModels.options().align() != FaceAnalysisOptions.Align.OFF
                    ? faceModels.locateCrops(faces) : java.util.Collections.nCopies(faces.size(), Optional.empty());
            List<BufferedImage> inputs = new ArrayList<>(faces.size());
            for (int i = 0; i < faces.size(); i++) {
                inputs.add(faceModels.expressionCrop(faces.get(i), Optional.empty(), lms.get(i), 0));
            }
            float[][] p = net.probabilities(inputs);
            List<FaceExpression> out = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                out.add(new FaceExpression(Optional.empty(), p[i], net.distribution(p[i]), lms.get(i), List.of()));
            }
            return out;
        } finally {
            guard.exit();
        }
    }

    /** Whether the image is of nearly one colour (a blank image holds no face). */
    static boolean isFlat(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double sum = 0;
        double sq = 0;
        int n = 0;
        int step = Math.max(1, Math.min(w, h) / 64);
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int rgb = image.getRGB(x, y);
                double v = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean < 16.0;
    }

    private List<FaceBox> select(List<FaceBox> boxes) {
        return options.faces() == FaceSelection.LARGEST && boxes.size() > 1 ? List.of(boxes.get(0)) : boxes;
    }

    private ModalityResult imageResult(List<FaceExpression> faces, String source) {
        ModalityResult.Builder b = withModels(ModalityResult.builder(Modality.VISION)).detail("faces", faces.size());
        if (faces.isEmpty()) {
            return b.warning(NO_FACE + " in " + source).build();
        }
        Map<io.github.emotion4j.core.label.Emotion, Double> sum = new LinkedHashMap<>();
        double total = 0;
        int i = 0;
        for (FaceExpression f : faces) {
            double w = f.box().map(x -> (double) x.area()).orElse(1.0);
            total += w;
            for (var e : f.distribution().asMap().entrySet()) {
                sum.merge(e.getKey(), w * e.getValue(), Double::sum);
            }
            b.embedding(new Embedding(Modality.VISION, f.probabilities(), Optional.empty(), net.info().id()));
            b.face(new FaceObservation(i + 1, Optional.empty(), f.box().map(VisionAnalyzer::coreBox),
                    f.box().map(FaceBox::score).orElse(Double.NaN),
                    f.landmarks().map(FaceLandmarks::points).orElse(List.of()), f.distribution(), 1, f.warnings()));
            final int n = i + 1;
            f.warnings().forEach(msg -> b.warning("face #" + n + ": " + msg));
            var top = f.distribution().top();
            String where = f.box().map(x -> String.format(Locale.ROOT, "face %d at (%d,%d) %dx%d", 0, x.x(), x.y(),
                    x.width(), x.height())).orElse("face crop");
            b.cue(new Cue(Modality.VISION, "face#" + (++i) + ".top", top.probability(),
                    where.replace("face 0", "face #" + i) + ": " + top.label().word()
                            + String.format(Locale.ROOT, " %.2f", top.probability())));
            if (f.box().isEmpty()) {
                b.warning("no face detected in " + source + "; the whole image was read as a face crop");
            }
        }
        final double tw = total;
        Map<io.github.emotion4j.core.label.Emotion, Double> norm = new LinkedHashMap<>();
        sum.forEach((k, v) -> norm.put(k, v / tw));
        return b.distribution(EmotionDistribution.fromScores(norm)).build();
    }

    /** Per-person buffer of one window. */
    private static final class Window {
        final List<float[]> probs = new ArrayList<>();
        double start = Double.NaN;
        double end;
        FaceBox lastBox;
        FaceBox landmarkBox;
        Optional<FaceLandmarks> lastLandmarks = Optional.empty();
        int small;
    }

    static FaceObservation.Box coreBox(FaceBox b) {
        return new FaceObservation.Box(b.x(), b.y(), b.width(), b.height());
    }

    /**
     * The landmarks the net last computed for a track, the box and time they were computed for, and
     * the box's {@link #thumbnail} then.
     */
    private record Located(FaceBox box, FaceLandmarks landmarks, double time, float[] thumbnail) {
    }

    /** Side of {@link #thumbnail}'s grid. */
    static final int THUMB = 8;
    /**
     * Mean absolute difference of two {@link #thumbnail}s (grey levels, 0-255) above which the box
     * holds another picture (a cut, people who swapped places): landmarks and descriptor are then
     * computed afresh whatever their cadence.
     */
    static final double CHANGED = 12;

    /**
     * The mean grey level of each cell of an {@value #THUMB}x{@value #THUMB} grid over the box (4x4
     * samples a cell): a cheap summary of what the box shows, to notice when that changes.
     */
    static float[] thumbnail(BufferedImage image, FaceBox box) {
        FaceBox b = io.github.emotion4j.vision.face.FaceCrops.expand(box, 0, image.getWidth(), image.getHeight());
        float[] out = new float[THUMB * THUMB];
        byte[] bgr = image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte d
                && image.getRaster().getParent() == null ? d.getData() : null;
        int w = image.getWidth();
        for (int cy = 0; cy < THUMB; cy++) {
            for (int cx = 0; cx < THUMB; cx++) {
                double sum = 0;
                for (int sy = 0; sy < 4; sy++) {
                    int y = b.y() + (int) ((cy * 4 + sy + 0.5) * b.height() / (THUMB * 4.0));
                    for (int sx = 0; sx < 4; sx++) {
                        int x = b.x() + (int) ((cx * 4 + sx + 0.5) * b.width() / (THUMB * 4.0));
                        if (bgr != null) {
                            int o = (y * w + x) * 3;
                            sum += 0.114 * (bgr[o] & 0xff) + 0.587 * (bgr[o + 1] & 0xff) + 0.299 * (bgr[o + 2] & 0xff);
                        } else {
                            int rgb = image.getRGB(x, y);
                            sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
                        }
                    }
                }
                out[cy * THUMB + cx] = (float) (sum / 16);
            }
        }
        return out;
    }

    /** Whether two {@link #thumbnail}s differ by more than {@link #CHANGED}. */
    static boolean changed(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length > CHANGED;
    }

    /** Whether a face's box moved or changed size by more than {@link FaceAnalysisOptions#LANDMARK_MOVE} of its side. */
    static boolean moved(FaceBox from, FaceBox to) {
        double side = Math.max(1, Math.max(from.width(), from.height()));
        double dx = Math.abs((to.x() + to.width() / 2.0) - (from.x() + from.width() / 2.0));
        double dy = Math.abs((to.y() + to.height() / 2.0) - (from.y() + from.height() / 2.0));
        double ds = Math.max(Math.abs(to.width() - from.width()), Math.abs(to.height() - from.height()));
        return Math.max(Math.max(dx, dy), ds) > FaceAnalysisOptions.LANDMARK_MOVE * side;
    }

    private ModalityResult analyzeVideo(Path file) throws IOException {
        ModalityResult.Builder b = withModels(ModalityResult.builder(Modality.VISION));
        FaceTracker tracker = new FaceTracker(0.3, Math.max(1.0, 3.0 / Math.max(options.fps(), 1)));
        // BlazeFace's full video scans tile for vision.detector.videoMinFace (they run at least once a second)
        FaceDetector full = detector instanceof BlazeFaceDetector bf ? bf.withMinFace(options.videoMinFace()) : detector;
        VideoFaceFinder finder = new VideoFaceFinder(full, regionDetector, 1.0);
        VideoFaceFinder.PeriodicScanner scanner = finder.periodicScanner();
        boolean scanAhead = options.decodeAhead() > 0;
        Optional<PersonAssigner> people = faceModels.newAssigner();
        FaceAnalysisOptions fo = faceModels.options();
        boolean aligns = fo.align() != FaceAnalysisOptions.Align.OFF;
        Map<Integer, Located> located = new java.util.HashMap<>();
        long small = 0;
        long landmarkRuns = 0;
        Map<Integer, Window> windows = new LinkedHashMap<>();
        double[] aggregate = new double[net.labels().size()];
        double aggregateWeight = 0;
        long sampled = 0;
        long withFace = 0;
        int segments = 0;
        double windowEnd = options.windowSeconds();
        double lastTime = 0;
        double frameStep = 0;
        List<String> notes;
        // expressions (crop or alignment, then the net) of up to EXPRESSIONS_IN_FLIGHT frames run on the executor
        // while the next frames are tracked; they are taken back in frame order, so the windows are the same
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        // decoding (and the periodic full scans) run up to vision.decodeAhead frames ahead on a thread of their own
        try (DecodeAhead<Optional<List<FaceBox>>> video = DecodeAhead.start(VideoReader.open(file, options.fps()),
                options.decodeAhead(), f -> scanAhead ? scanner.scan(f.image(), f.timeSeconds()) : Optional.empty())) {
            frameStep = options.fps() > 0 ? 1.0 / options.fps()
                    : 1.0 / (video.info().frameRate() > 0 ? video.info().frameRate() : 25.0);
            try {
                for (Optional<DecodeAhead.Item<Optional<List<FaceBox>>>> next = video.next(); next.isPresent();
                     next = video.next()) {
                    VideoFrame f = next.get().frame();
                    sampled++;
                    lastTime = f.timeSeconds();
                    while (f.timeSeconds() >= windowEnd) {
                        while (!inFlight.isEmpty()) {
                            small += takeBack(inFlight.poll(), windows, frameStep);
                        }
                        for (var e : windows.entrySet()) {
                            aggregateWeight += flush(b, e.getKey(), e.getValue(), aggregate);
                            segments++;
                        }
                        windows.clear();
                        windowEnd += options.windowSeconds();
                        // tracks that ended long ago (a live one pruned here only costs one more landmark run)
                        double now = f.timeSeconds();
                        located.values().removeIf(l -> now - l.time() > 60);
                    }
                    List<FaceBox> boxes = select(finder.find(f.image(), f.timeSeconds(), next.get().result()));
                    if (boxes.isEmpty()) {
                        continue;
                    }
                    withFace++;
                    List<FaceTracker.TrackedFace> tracked = tracker.update(boxes, f.timeSeconds());
                    // fresh landmarks (the net) for a new track, a descriptor due, a face that moved, or every
                    // vision.landmarks.interval when aligning (vision.identity.interval when not: points for the output);
                    // in between the last ones, carried along with the box, guide the alignment
                    List<FaceBox> wanted = new ArrayList<>();
                    float[][] thumbs = new float[boxes.size()][];
                    for (int i = 0; i < boxes.size(); i++) {
                        int track = tracked.get(i).trackId();
                        Located last = located.get(track);
                        double age = last == null ? Double.POSITIVE_INFINITY : f.timeSeconds() - last.time();
                        if (faceModels.locates()) {
                            thumbs[i] = thumbnail(f.image(), boxes.get(i));
                            if (last != null && changed(last.thumbnail(), thumbs[i])) {
                                // another picture in the same box (a cut, a swap): fresh landmarks and descriptor
                                people.ifPresent(a -> a.forget(track));
                                last = null;
                            }
                        }
                        boolean fresh = last == null
                                || people.isPresent() && people.get().due(track, f.timeSeconds())
                                || (aligns ? age >= fo.landmarkIntervalSeconds() || moved(last.box(), boxes.get(i))
                                : age >= fo.intervalSeconds());
                        if (fresh) {
                            wanted.add(boxes.get(i));
                        }
                    }
                    List<Optional<FaceLandmarks>> found = wanted.isEmpty() ? List.of() : faceModels.locate(f.image(), wanted);
                    List<Optional<FaceLandmarks>> lms = new ArrayList<>(boxes.size());
                    List<Optional<FaceLandmarks>> computed = new ArrayList<>(boxes.size());
                    for (int i = 0, k = 0; i < boxes.size(); i++) {
                        int track = tracked.get(i).trackId();
                        boolean asked = k < wanted.size() && wanted.get(k) == boxes.get(i);
                        Optional<FaceLandmarks> lm = asked ? found.get(k++) : Optional.empty();
                        if (lm.isPresent()) {
                            landmarkRuns++;
                            located.put(track, new Located(boxes.get(i), lm.get(), f.timeSeconds(), thumbs[i]));
                            lms.add(lm);
                        } else if (!asked && aligns && located.containsKey(track)) {
                            // not asked: the track has landmarks whose box shows the same picture
                            Located last = located.get(track);
                            lms.add(Optional.of(last.landmarks().moved(last.box(), boxes.get(i))));
                        } else {
                            lms.add(Optional.empty());
                        }
                        computed.add(lm);
                    }
                    FrameExpressions work = new FrameExpressions(f.image(), boxes, lms);
                    ClaimableTask<float[][]> expressions = ClaimableTask.submit(executor, work);
                    // carried landmarks only where no descriptor is due: a descriptor is always made from computed ones
                    int[] person = people.isPresent() ? people.get().assign(f.image(), tracked, computed, f.timeSeconds())
                            : tracked.stream().mapToInt(FaceTracker.TrackedFace::trackId).toArray();
                    inFlight.add(new Pending(expressions, work, boxes, computed, person, f.timeSeconds()));
                    while (inFlight.size() > EXPRESSIONS_IN_FLIGHT || !inFlight.isEmpty() && inFlight.peek().expressions().isDone()) {
                        small += takeBack(inFlight.poll(), windows, frameStep);
                    }
                }
                while (!inFlight.isEmpty()) {
                    small += takeBack(inFlight.poll(), windows, frameStep);
                }
            } finally {
                // on a failure: expressions not started are dropped, running ones waited for (they read the frames)
                settle(inFlight);
            }
            notes = video.notes();
        } catch (NoVideoStreamException e) {
            // audio-only media: the other modalities read the file, vision says why it has nothing
            return withModels(ModalityResult.builder(Modality.VISION)).warning("no video stream in " + file
                    + (e.getMessage().contains("holds no frames") ? " (the video stream holds no frames)" : ""))
                    .detail(TruncationCheck.NO_STREAM, 1).build();
        }
        notes.forEach(b::warning);
        if (notes.stream().anyMatch(n -> n.startsWith(TruncationCheck.TRUNCATED))) {
            b.detail(TruncationCheck.DETAIL, 1);
        }
        for (var e : windows.entrySet()) {
            aggregateWeight += flush(b, e.getKey(), e.getValue(), aggregate);
            segments++;
        }
        if (small > 0) {
            b.warning(small + " face observations were too small for landmarks (< " + LandmarkNet.MIN_FACE_SIDE
                    + " px): their expressions were read without landmarks or alignment");
        }
        people.ifPresent(a -> b.detail("people", a.people()).detail("descriptors", a.descriptors()));
        if (faceModels.locates()) {
            b.detail("landmarks", landmarkRuns);
        }
        if (withFace > 0) {
            faceModels.identityWarning().ifPresent(b::warning);
        }
        b.detail("frames.fullScans", finder.fullScans()).detail("frames.sampled", sampled).detail("frames.withFace", withFace).detail("segments", segments)
                .detail("duration", lastTime + frameStep);
        if (aggregateWeight == 0) {
            return b.warning(NO_FACE + " in " + sampled + " sampled frames of " + file).build();
        }
        for (int i = 0; i < aggregate.length; i++) {
            aggregate[i] /= aggregateWeight;
        }
        return b.distribution(net.labels().toDistribution(aggregate)).build();
    }

    /**
     * One video frame whose expressions are in the works: the task, and what the frame's faces add to
     * their windows once it is done.
     */
    private record Pending(ClaimableTask<float[][]> expressions, FrameExpressions work, List<FaceBox> boxes,
                           List<Optional<FaceLandmarks>> computed, int[] person, double time) {
    }

    /**
     * The expressions of a frame's faces: each face cut out (aligned by its landmarks when they
     * apply), then the net. It lets go of the frame once it has run or was dropped: a busy executor
     * may keep its queued runnable long after the frame was analysed here.
     */
    private final class FrameExpressions implements java.util.concurrent.Callable<float[][]> {
        private BufferedImage image;
        private List<FaceBox> boxes;
        private List<Optional<FaceLandmarks>> lms;

        FrameExpressions(BufferedImage image, List<FaceBox> boxes, List<Optional<FaceLandmarks>> lms) {
            this.image = image;
            this.boxes = boxes;
            this.lms = lms;
        }

        @Override
        public float[][] call() {
            try {
                List<BufferedImage> crops = new ArrayList<>(boxes.size());
                for (int i = 0; i < boxes.size(); i++) {
                    crops.add(faceModels.expressionCrop(image, Optional.of(boxes.get(i)), lms.get(i), options.margin()));
                }
                return net.probabilities(crops);
            } finally {
                drop();
            }
        }

        /** Lets go of the frame (called by the thread that ran it, or after it was cancelled unstarted). */
        void drop() {
            image = null;
            boxes = null;
            lms = null;
        }
    }

    /**
     * Waits for a frame's expressions (running them on this thread if the executor has not started
     * them) and adds its faces to their people's windows; returns the number of faces too small for landmarks.
     */
    private long takeBack(Pending pending, Map<Integer, Window> windows, double frameStep) throws IOException {
        float[][] p = join(pending.expressions());
        long small = 0;
        for (int i = 0; i < p.length; i++) {
            Window w = windows.computeIfAbsent(pending.person()[i], k -> new Window());
            if (Double.isNaN(w.start)) {
                w.start = pending.time();
            }
            w.end = pending.time() + frameStep;
            w.probs.add(p[i]);
            w.lastBox = pending.boxes().get(i);
            if (pending.computed().get(i).isPresent()) {
                w.landmarkBox = pending.boxes().get(i);
                w.lastLandmarks = pending.computed().get(i);
            }
            if (faceModels.locates() && !LandmarkNet.largeEnough(pending.boxes().get(i))) {
                w.small++;
                small++;
            }
        }
        return small;
    }

    private static float[][] join(ClaimableTask<float[][]> task) throws IOException {
        try {
            return task.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException x = new InterruptedIOException("interrupted while waiting for a frame's expressions");
            x.initCause(e);
            throw x;
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("expression task failed", e);
        }
    }

    /**
     * Drops the expression tasks not started yet and waits for the running ones to end (their
     * results and failures no longer matter), keeping an interrupt for the caller.
     */
    private static void settle(ArrayDeque<Pending> inFlight) {
        boolean interrupted = false;
        for (Pending pending : inFlight) {
            ClaimableTask<float[][]> t = pending.expressions();
            if (t.cancel()) {
                pending.work().drop();
                continue;
            }
            // the frame's failure does not matter: the analysis already ends with another
            interrupted |= t.settle();
        }
        inFlight.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Summarises one track's window into a segment; returns its weight (frames) added to the aggregate. */
    private double flush(ModalityResult.Builder b, int person, Window w, double[] aggregate) {
        float[][] p = w.probs.toArray(new float[0][]);
        double[] q;
        float[] embedding;
        if (options.dynamics() == VisionOptions.Dynamics.LIFTING) {
            ClipDynamics d = dynamics.analyze(p);
            q = d.clipProbabilities();
            embedding = d.clipEmbedding();
        } else {
            q = LiftingDynamics.meanPool(p);
            embedding = new float[q.length];
            for (int i = 0; i < q.length; i++) {
                embedding[i] = (float) q[i];
            }
        }
        TimeSpan span = new TimeSpan(Math.max(0, w.start), Math.max(w.start, w.end));
        EmotionDistribution dist = net.labels().toDistribution(q);
        b.segment(Segment.of(Modality.VISION, span, dist, "face#" + person));
        FaceBox shown = w.lastLandmarks.isPresent() ? w.landmarkBox : w.lastBox; // box and points of one frame
        b.face(new FaceObservation(person, Optional.of(span), Optional.of(coreBox(shown)), shown.score(),
                w.lastLandmarks.map(FaceLandmarks::points).orElse(List.of()), dist, p.length,
                w.small > 0 ? List.of(w.small + " of " + p.length + " frames too small for landmarks (< "
                        + LandmarkNet.MIN_FACE_SIDE + " px)") : List.of()));
        b.embedding(new Embedding(Modality.VISION, embedding, Optional.of(span), net.info().id()));
        for (int i = 0; i < q.length; i++) {
            aggregate[i] += q[i] * p.length;
        }
        return p.length;
    }

    private ModalityResult.Builder withModels(ModalityResult.Builder b) {
        models().forEach(b::model);
        return b;
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> all = new ArrayList<>(net.models());
        all.addAll(detector.models());
        all.addAll(faceModels.models());
        return List.copyOf(all);
    }

    /** Refuses new calls, waits for the calls in flight, then closes the detectors. Idempotent. */
    @Override
    public void close() {
        if (!guard.closeAndAwait()) {
            return;
        }
        detector.close();
        regionDetector.ifPresent(FaceDetector::close);
    }
}
