package io.github.emotion4j.live.internal;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.WeightedMean;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.label.Emotion;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts stream time into windows of fixed length and fuses what each holds: the mean of the face
 * expressions of its frames and the speech segments that overlap it or the window before (speech
 * is decided only after its voice-activity end, so it is matched a window late rather than
 * missed). A window closes when the driving modality (video when the session has it, else speech)
 * passes its end. Memory: the faces of one window and the speech of the last two. Thread-safe.
 */
public final class WindowFuser {
    /**
     * A closed window.
     *
     * @param segment    the fused reading, source {@code "fused"}
     * @param fusion     how the modalities were combined
     * @param streamTime the window's end
     * @param capturedAt when the media that closed the window came out of the source
     */
    public record Fused(Segment segment, FusionResult fusion, double streamTime, Instant capturedAt) {
    }

    private record Speech(TimeSpan span, EmotionDistribution distribution) {
    }

    private final double window;
    private final FusionStrategy fusion;
    private final boolean videoDrives;
    private final List<EmotionDistribution> faces = new ArrayList<>();
    private final ArrayDeque<Speech> speech = new ArrayDeque<>();
    private double start = Double.NaN;

    /**
     * @param windowSeconds window length, {@code > 0}
     * @param fusion        the recognizer's fusion strategy
     * @param videoDrives   true when the session reads video (frames close windows), false for audio-only
     */
    public WindowFuser(double windowSeconds, FusionStrategy fusion, boolean videoDrives) {
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("window must be > 0 s, was " + windowSeconds);
        }
        this.window = windowSeconds;
        this.fusion = Objects.requireNonNull(fusion, "fusion");
        this.videoDrives = videoDrives;
    }

    /** A face expression at stream time {@code t} (or, with {@code distribution} null, a frame without face). */
    public synchronized List<Fused> face(double t, EmotionDistribution distribution, Instant capturedAt) {
        List<Fused> out = advance(t, capturedAt);
        if (distribution != null) {
            faces.add(distribution);
        }
        return out;
    }

    /** A decided speech segment. */
    public synchronized List<Fused> speech(TimeSpan span, EmotionDistribution distribution, Instant capturedAt) {
        speech.addLast(new Speech(span, distribution));
        return videoDrives ? List.of() : advance(span.end(), capturedAt);
    }

    /** Closes the open window (end of the session). */
    public synchronized List<Fused> flush(Instant capturedAt) {
        if (Double.isNaN(start)) {
            return List.of();
        }
        List<Fused> out = new ArrayList<>();
        close(start, start + window, capturedAt, out);
        faces.clear();
        start = Double.NaN;
        return out;
    }

    private List<Fused> advance(double t, Instant capturedAt) {
        if (Double.isNaN(start)) {
            start = Math.floor(t / window) * window;
            return List.of();
        }
        List<Fused> out = new ArrayList<>(0);
        if (t >= start + window) {
            close(start, start + window, capturedAt, out);
            faces.clear();
            start = Math.max(start + window, Math.floor(t / window) * window);
        }
        while (!speech.isEmpty() && speech.peekFirst().span().end() < start - window) {
            speech.pollFirst();
        }
        return out;
    }

    private void close(double a, double b, Instant capturedAt, List<Fused> out) {
        Map<Modality, EmotionDistribution> dists = new EnumMap<>(Modality.class);
        if (!faces.isEmpty()) {
            double[] equal = new double[faces.size()];
            java.util.Arrays.fill(equal, 1);
            dists.put(Modality.VISION, WeightedMean.distributions(faces, equal));
        }
        TimeSpan reach = new TimeSpan(Math.max(0, a - window), b);
        List<EmotionDistribution> said = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Speech s : speech) {
            double w = s.span().overlap(reach);
            if (w > 0) {
                said.add(s.distribution());
                weights.add(w);
            }
        }
        if (!said.isEmpty()) {
            dists.put(Modality.AUDIO, WeightedMean.distributions(said, weights.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        if (dists.isEmpty()) {
            return;
        }
        Map<Modality, ModalityEvidence> results = ModalityEvidence.ofDistributions(dists);
        FusionResult r = fusion.fuse(results);
        Segment seg = new Segment(new TimeSpan(a, b), r.distribution(), r.distribution().dimensions(), dists, "fused");
        out.add(new Fused(seg, r, b, capturedAt));
    }
}
