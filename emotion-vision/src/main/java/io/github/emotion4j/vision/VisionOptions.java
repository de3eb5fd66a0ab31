package io.github.emotion4j.vision;

import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.vision.expression.ExpressionModel;
import io.github.emotion4j.vision.face.FaceSelection;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the vision analyser, set with {@code EmotionRecognizer.Builder#option} and checked
 * at {@code build()} against {@link #SPECS}:
 * <ul>
 *   <li>{@code vision.fps} — video frames analysed per second (default 4; {@code 0} = every frame)</li>
 *   <li>{@code vision.faces} — {@code all} (default; one track per person) or {@code largest}</li>
 *   <li>{@code vision.window} — seconds per timeline segment of a face track (default 2)</li>
 *   <li>{@code vision.margin} — crop margin as a fraction of the face box on each side (default 0.2, which gave the best golden-photo agreement)</li>
 *   <li>{@code vision.detect} — {@code auto} (default: detect; an image of at most 160 pixels a side
 *       without a detected face, and not of nearly uniform colour, is taken as a face crop), {@code always}, or {@code never} (every image
 *       is a face crop)</li>
 *   <li>{@code vision.dynamics} — {@code lifting} (default) or {@code mean} pooling per window</li>
 *   <li>{@code vision.dynamics.weights} — a trained lifting parameter file (default: parameter-free)</li>
 *   <li>{@code vision.detector} — {@code blazeface} (default: MediaPipe BlazeFace on ONNX Runtime, see
 *       {@code BlazeFaceDetector}) or {@code haar} (OpenCV's Haar cascade)</li>
 *   <li>{@code vision.detector.minFace} — smallest face side in pixels that BlazeFace tiles the image
 *       for (default 24; 0 = whole-image passes only, faces down to about 1/13 of the longer side)</li>
 *   <li>{@code vision.detector.videoMinFace} — the same for the full scans of video frames (default
 *       48: a full scan runs at least once a second, each face is followed in between)</li>
 *   <li>{@code vision.decodeAhead} — video frames decoded ahead of the analysis on a thread of
 *       the analyser's own, which also runs the periodic full-frame face scans (default
 *       {@value #DEFAULT_DECODE_AHEAD}; 0 = decode and scan on the calling thread). The thread lives
 *       for one video call and ends with it, also on an error or an interrupt.</li>
 *   <li>{@code vision.expression} — the bundled expression model, {@link ExpressionModel#OPTION}
 *       ({@code face-expression-net-mirror} by default; {@code face-expression-net}, {@code face-expression-net-fer},
 *       {@code face-expression-net-fer-whole}, {@code ensemble}, {@code mini-xception},
 *       {@code mini-xception-fer}); read by the provider, not kept here</li>
 * </ul>
 *
 * @param fps            frames per second to sample, 0 = all
 * @param faces          which faces to analyse
 * @param windowSeconds  segment length
 * @param margin         crop margin
 * @param detect         face detection mode
 * @param dynamics       per-window summary
 * @param dynamicsWeights trained lifting parameters, if any
 * @param detector       the face detector
 * @param minFace        smallest face side BlazeFace tiles for, 0 = no tiles
 * @param videoMinFace   the same for full scans of video frames
 * @param decodeAhead    video frames decoded ahead on a thread of their own, 0 = none
 */
public record VisionOptions(double fps, FaceSelection faces, double windowSeconds, double margin, Detect detect,
                            Dynamics dynamics, Optional<Path> dynamicsWeights, Detector detector, int minFace,
                            int videoMinFace, int decodeAhead) {
    /** Face detection modes. */
    public enum Detect { AUTO, ALWAYS, NEVER }

    /** Face detectors. */
    public enum Detector {
        /** MediaPipe BlazeFace (front 128 + back 256, tiled for small faces). */
        BLAZEFACE,
        /** OpenCV's frontal-face Haar cascade. */
        HAAR
    }

    /** Per-window summaries of a face track. */
    public enum Dynamics { LIFTING, MEAN }

    /** Largest side of an image that {@link Detect#AUTO} takes as a face crop when no face is detected. */
    public static final int CROP_SIDE_LIMIT = 160;

    static final OptionSpec<Double> FPS = OptionSpec.number("vision.fps",
            "video frames analysed per second, 0 = every frame", 4, 0, 1000);
    static final OptionSpec<FaceSelection> FACES = new OptionSpec<>("vision.faces",
            "all (one track per person) or largest", FaceSelection.ALL, "all", FaceSelection::parse);
    static final OptionSpec<Double> WINDOW = OptionSpec.number("vision.window",
            "seconds per timeline segment of a face track, > 0", 2, 1e-3, 86_400);
    static final OptionSpec<Double> MARGIN = OptionSpec.number("vision.margin",
            "crop margin as a fraction of the face box on each side, 0 to 1", 0.2, 0, 1);
    static final OptionSpec<Detect> DETECT = OptionSpec.oneOf("vision.detect",
            "face detection: auto, always or never", Detect.AUTO);
    static final OptionSpec<Dynamics> DYNAMICS = OptionSpec.oneOf("vision.dynamics",
            "per-window summary: lifting or mean", Dynamics.LIFTING);
    static final OptionSpec<Optional<Path>> DYNAMICS_WEIGHTS = new OptionSpec<>("vision.dynamics.weights",
            "a trained lifting parameter file", Optional.empty(), "parameter-free",
            s -> s.isBlank() ? Optional.empty() : Optional.of(Path.of(s.strip())));
    static final OptionSpec<Detector> DETECTOR = OptionSpec.oneOf("vision.detector",
            "face detector: blazeface or haar", Detector.BLAZEFACE);
    static final OptionSpec<Integer> MIN_FACE = OptionSpec.integer("vision.detector.minFace",
            "smallest face side in pixels BlazeFace tiles the image for, 0 = no tiles", 24, 0);
    static final OptionSpec<Integer> VIDEO_MIN_FACE = OptionSpec.integer("vision.detector.videoMinFace",
            "smallest face side in pixels BlazeFace tiles full video-frame scans for, 0 = no tiles", 48, 0);
    /** Default of {@code vision.decodeAhead}, frames (emotion-vision README, "Speed"). */
    public static final int DEFAULT_DECODE_AHEAD = 8;
    /** Largest {@code vision.decodeAhead}. */
    public static final int MAX_DECODE_AHEAD = 64;
    static final OptionSpec<Integer> DECODE_AHEAD = OptionSpec.integer("vision.decodeAhead",
            "video frames decoded ahead on a thread of their own (which also runs the periodic full-frame face scans),"
                    + " 0 = none, at most " + MAX_DECODE_AHEAD, DEFAULT_DECODE_AHEAD, 0);
    /** The options the vision provider declares. */
    public static final List<OptionSpec<?>> SPECS = List.of(FPS, FACES, WINDOW, MARGIN, DETECT, DYNAMICS, DYNAMICS_WEIGHTS,
            DETECTOR, MIN_FACE, VIDEO_MIN_FACE, DECODE_AHEAD, ExpressionModel.OPTION);

    public VisionOptions {
        if (!(fps >= 0) || fps > 1000) {
            throw new IllegalArgumentException("vision.fps must be in [0, 1000], was " + fps);
        }
        Objects.requireNonNull(faces, "faces");
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("vision.window must be > 0 seconds, was " + windowSeconds);
        }
        if (!(margin >= 0) || margin > 1) {
            throw new IllegalArgumentException("vision.margin must be in [0, 1], was " + margin);
        }
        Objects.requireNonNull(detect, "detect");
        Objects.requireNonNull(dynamics, "dynamics");
        Objects.requireNonNull(dynamicsWeights, "dynamicsWeights");
        Objects.requireNonNull(detector, "detector");
        if (minFace < 0 || minFace > 0 && minFace < 8) {
            throw new IllegalArgumentException("vision.detector.minFace must be 0 (no tiles) or >= 8 pixels, was " + minFace);
        }
        if (videoMinFace < 0 || videoMinFace > 0 && videoMinFace < 8) {
            throw new IllegalArgumentException("vision.detector.videoMinFace must be 0 (no tiles) or >= 8 pixels, was "
                    + videoMinFace);
        }
        if (decodeAhead < 0 || decodeAhead > MAX_DECODE_AHEAD) {
            throw new IllegalArgumentException("vision.decodeAhead must be in [0, " + MAX_DECODE_AHEAD + "] frames, was "
                    + decodeAhead);
        }
    }

    /** The defaults. */
    public static VisionOptions defaults() {
        return new VisionOptions(FPS.defaultValue(), FACES.defaultValue(), WINDOW.defaultValue(), MARGIN.defaultValue(),
                DETECT.defaultValue(), DYNAMICS.defaultValue(), DYNAMICS_WEIGHTS.defaultValue(), DETECTOR.defaultValue(),
                MIN_FACE.defaultValue(), VIDEO_MIN_FACE.defaultValue(), DECODE_AHEAD.defaultValue());
    }

    /** Reads the {@code vision.*} options of a context, defaults for the rest. */
    public static VisionOptions from(AnalyzerContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return new VisionOptions(FPS.from(ctx), FACES.from(ctx), WINDOW.from(ctx), MARGIN.from(ctx), DETECT.from(ctx),
                DYNAMICS.from(ctx), DYNAMICS_WEIGHTS.from(ctx), DETECTOR.from(ctx), MIN_FACE.from(ctx),
                VIDEO_MIN_FACE.from(ctx), DECODE_AHEAD.from(ctx));
    }

    /** A copy with another frame rate. */
    public VisionOptions withFps(double f) {
        return new VisionOptions(f, faces, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another face selection. */
    public VisionOptions withFaces(FaceSelection f) {
        return new VisionOptions(fps, f, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another detection mode. */
    public VisionOptions withDetect(Detect d) {
        return new VisionOptions(fps, faces, windowSeconds, margin, d, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another window length. */
    public VisionOptions withWindow(double seconds) {
        return new VisionOptions(fps, faces, seconds, margin, detect, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another crop margin. */
    public VisionOptions withMargin(double m) {
        return new VisionOptions(fps, faces, windowSeconds, m, detect, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another face detector. */
    public VisionOptions withDetector(Detector d) {
        return new VisionOptions(fps, faces, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                d, minFace, videoMinFace, decodeAhead);
    }

    /** A copy with another smallest tiled face side (0 = no tiles). */
    public VisionOptions withMinFace(int pixels) {
        return new VisionOptions(fps, faces, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                detector, pixels, videoMinFace, decodeAhead);
    }

    /** A copy with another smallest tiled face side for full video-frame scans (0 = no tiles). */
    public VisionOptions withVideoMinFace(int pixels) {
        return new VisionOptions(fps, faces, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                detector, minFace, pixels, decodeAhead);
    }

    /** A copy with another number of frames decoded ahead (0 = decode on the calling thread). */
    public VisionOptions withDecodeAhead(int frames) {
        return new VisionOptions(fps, faces, windowSeconds, margin, detect, dynamics, dynamicsWeights,
                detector, minFace, videoMinFace, frames);
    }
}
