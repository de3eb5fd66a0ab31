package io.github.emotion4j.vision;

import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.vision.identity.FaceIdentities;
import java.util.List;
import java.util.Locale;

/**
 * Settings of landmarks, alignment and identity, set with {@code EmotionRecognizer.Builder#option}
 * and checked at {@code build()} against {@link #SPECS}:
 * <ul>
 *   <li>{@code vision.landmarks} — {@code on} (default): 68 landmarks per face of at least
 *       {@link io.github.emotion4j.vision.landmarks.LandmarkNet#MIN_FACE_SIDE} pixels, returned in
 *       the results; {@code off} also turns alignment and descriptor identity off</li>
 *   <li>{@code vision.align} — {@code off}, {@code on} (align every face by its landmarks before the
 *       expression model) or {@code auto} (align a face whose eye line is tilted by more than
 *       {@link Align#AUTO_DEGREES} degrees); default: see {@link #DEFAULT_ALIGN}</li>
 *   <li>{@code vision.identity} — {@code descriptor} (default: a video's people are re-identified
 *       by face descriptor, one timeline per person across occlusions and cuts) or {@code track}
 *       (one timeline per IoU track, as before)</li>
 *   <li>{@code vision.identity.threshold} — largest descriptor distance of the same person (default
 *       {@value FaceIdentities#DEFAULT_THRESHOLD})</li>
 *   <li>{@code vision.identity.interval} — seconds between two descriptors of a tracked face
 *       (default {@value #DEFAULT_IDENTITY_INTERVAL}; a new track is always described at once, and so is a
 *       tracked face whose box suddenly shows another picture, e.g. after a cut or when two people swap
 *       places)</li>
 *   <li>{@code vision.landmarks.interval} — in a video, seconds between two runs of the landmark net
 *       on a tracked face (default {@value #DEFAULT_LANDMARK_INTERVAL}; 0 = every sampled frame). A
 *       new track, a face whose box moved or changed size by more than {@link #LANDMARK_MOVE} of its
 *       side since its last landmarks, and a face whose descriptor is due always get fresh ones; in
 *       between, the last landmarks carried along with the box ({@code FaceLandmarks#moved}) decide
 *       and guide the alignment. The landmarks in results are always ones the net computed.</li>
 * </ul>
 *
 * @param landmarks         compute landmarks
 * @param align             align faces before the expression model
 * @param identity          how people are told apart in a video
 * @param threshold         descriptor distance threshold
 * @param intervalSeconds   seconds between descriptors of one track
 * @param landmarkIntervalSeconds seconds between two runs of the landmark net on one track in a video
 */
public record FaceAnalysisOptions(boolean landmarks, Align align, Identity identity, double threshold,
                                  double intervalSeconds, double landmarkIntervalSeconds) {
    /** How a video's faces become people. */
    public enum Identity {
        /**
         * {@link #DESCRIPTOR} when the descriptor net's artifact
         * ({@value io.github.emotion4j.vision.identity.FaceDescriptorNet#ARTIFACT}) is on the classpath,
         * else {@link #TRACK} with a warning on each video result.
         */
        AUTO,
        /** Re-identified by face descriptor; needs the descriptor net's artifact. */
        DESCRIPTOR,
        /** One person per IoU track. */
        TRACK
    }

    /** When faces are aligned before the expression model. */
    public enum Align {
        /** Never. */
        OFF,
        /** Every face with landmarks. */
        ON,
        /** Faces whose eye line is tilted by more than {@link #AUTO_DEGREES} degrees. */
        AUTO;

        /** Tilt above which {@link #AUTO} aligns (chosen on the tuning split, emotion-vision README). */
        public static final double AUTO_DEGREES = 10;

        /** Whether a face with these landmarks is aligned. */
        public boolean applies(io.github.emotion4j.vision.landmarks.FaceLandmarks lm) {
            return this == ON || this == AUTO && Math.abs(Math.toDegrees(lm.eyeAngle())) > AUTO_DEGREES;
        }
    }

    /**
     * The default of {@code vision.align}: {@link Align#AUTO}, chosen among off, on and auto (tilt
     * above 5, 10 or 15 degrees) on a tuning split of FER2013's training set taken upright and tilted
     * by +-20 degrees (emotion-vision README, "Landmarks, alignment and identity").
     */
    public static final Align DEFAULT_ALIGN = Align.AUTO;

    static final OptionSpec<Boolean> LANDMARKS = new OptionSpec<>("vision.landmarks",
            "68 facial landmarks per face: on or off", true, "on", FaceAnalysisOptions::onOff);
    static final OptionSpec<Align> ALIGN = OptionSpec.oneOf("vision.align",
            "align faces by their landmarks before the expression model: off, on or auto (tilted faces)", DEFAULT_ALIGN);
    static final OptionSpec<Identity> IDENTITY = OptionSpec.oneOf("vision.identity",
            "people in a video: auto (descriptor when its artifact is on the classpath, else track), descriptor"
                    + " (re-identified by face descriptor) or track (IoU tracks)", Identity.AUTO);
    static final OptionSpec<Double> THRESHOLD = OptionSpec.number("vision.identity.threshold",
            "largest face-descriptor distance of the same person", FaceIdentities.DEFAULT_THRESHOLD, 1e-3, 10);
    /**
     * Default of {@code vision.identity.interval}, seconds (was 0.25 before a change of picture in a
     * tracked box triggered a descriptor by itself; emotion-vision README, "Speed").
     */
    public static final double DEFAULT_IDENTITY_INTERVAL = 1.0;
    static final OptionSpec<Double> INTERVAL = OptionSpec.number("vision.identity.interval",
            "seconds between two descriptors of a tracked face", DEFAULT_IDENTITY_INTERVAL, 0, 3600);
    /**
     * Default of {@code vision.landmarks.interval}, seconds (emotion-vision README, "Speed", for the
     * figures behind it).
     */
    public static final double DEFAULT_LANDMARK_INTERVAL = 0.2;
    /**
     * Movement or change of size of a face box, as a fraction of its side, after which a video face
     * gets fresh landmarks before {@code vision.landmarks.interval} has passed.
     */
    public static final double LANDMARK_MOVE = 0.1;
    static final OptionSpec<Double> LANDMARK_INTERVAL = OptionSpec.number("vision.landmarks.interval",
            "seconds between two runs of the landmark net on a tracked video face, 0 = every sampled frame",
            DEFAULT_LANDMARK_INTERVAL, 0, 3600);
    /** The options this record reads. */
    public static final List<OptionSpec<?>> SPECS = List.of(LANDMARKS, ALIGN, IDENTITY, THRESHOLD, INTERVAL,
            LANDMARK_INTERVAL);

    public FaceAnalysisOptions {
        java.util.Objects.requireNonNull(align, "align");
        java.util.Objects.requireNonNull(identity, "identity");
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("vision.identity.threshold must be finite and > 0, was " + threshold);
        }
        if (!(intervalSeconds >= 0) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("vision.identity.interval must be finite and >= 0, was " + intervalSeconds);
        }
        if (!(landmarkIntervalSeconds >= 0) || Double.isInfinite(landmarkIntervalSeconds)) {
            throw new IllegalArgumentException("vision.landmarks.interval must be finite and >= 0, was "
                    + landmarkIntervalSeconds);
        }
    }

    /** The defaults. */
    public static FaceAnalysisOptions defaults() {
        return new FaceAnalysisOptions(LANDMARKS.defaultValue(), ALIGN.defaultValue(), IDENTITY.defaultValue(),
                THRESHOLD.defaultValue(), INTERVAL.defaultValue(), LANDMARK_INTERVAL.defaultValue());
    }

    /** No landmarks, no alignment, identity by track: the behaviour before landmarks existed. */
    public static FaceAnalysisOptions none() {
        return new FaceAnalysisOptions(false, Align.OFF, Identity.TRACK, FaceIdentities.DEFAULT_THRESHOLD, INTERVAL.defaultValue(),
                LANDMARK_INTERVAL.defaultValue());
    }

    /** Reads the options of a context, defaults for the rest. */
    public static FaceAnalysisOptions from(AnalyzerContext ctx) {
        java.util.Objects.requireNonNull(ctx, "ctx");
        return new FaceAnalysisOptions(LANDMARKS.from(ctx), ALIGN.from(ctx), IDENTITY.from(ctx), THRESHOLD.from(ctx),
                INTERVAL.from(ctx), LANDMARK_INTERVAL.from(ctx));
    }

    /** A copy with alignment on or off. */
    public FaceAnalysisOptions withAlign(Align a) {
        return new FaceAnalysisOptions(landmarks, a, identity, threshold, intervalSeconds, landmarkIntervalSeconds);
    }

    /** A copy with another identity mode. */
    public FaceAnalysisOptions withIdentity(Identity i) {
        return new FaceAnalysisOptions(landmarks, align, i, threshold, intervalSeconds, landmarkIntervalSeconds);
    }

    /** A copy with another descriptor interval. */
    public FaceAnalysisOptions withInterval(double seconds) {
        return new FaceAnalysisOptions(landmarks, align, identity, threshold, seconds, landmarkIntervalSeconds);
    }

    /** A copy with another landmark interval for video faces (0 = every sampled frame). */
    public FaceAnalysisOptions withLandmarkInterval(double seconds) {
        return new FaceAnalysisOptions(landmarks, align, identity, threshold, intervalSeconds, seconds);
    }

    private static boolean onOff(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("on or off, not '" + s + "'");
        };
    }
}
