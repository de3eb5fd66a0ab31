package io.github.emotion4j.live.internal;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
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
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        Map<Modality, EmotionDistribution> dists = new EnumMap<>(Modality.class);
        if (!faces.isEmpty()) {
            EmotionDistribution d = mean(faces, null);
            dists.put(Modality.VISION, d);
            results.put(Modality.VISION, ModalityResult.builder(Modality.VISION).distribution(d).build());
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
            EmotionDistribution d = mean(said, weights);
            dists.put(Modality.AUDIO, d);
            results.put(Modality.AUDIO, ModalityResult.builder(Modality.AUDIO).distribution(d).build());
        }
        if (results.isEmpty()) {
            return;
        }
        FusionResult r;
        try {
            r = fusion.fuse(results);
        } catch (RuntimeException e) {
            // a learnt fusion that needs embeddings: fall back to the plain late fusion
            r = Fusions.late().fuse(results);
        }
        Segment seg = new Segment(new TimeSpan(a, b), r.distribution(), r.distribution().dimensions(), dists, "fused");
        out.add(new Fused(seg, r, b, capturedAt));
    }

    private static EmotionDistribution mean(List<EmotionDistribution> ds, List<Double> weights) {
        Map<Emotion, Double> sum = new EnumMap<>(Emotion.class);
        for (int i = 0; i < ds.size(); i++) {
            double w = weights == null ? 1 : weights.get(i);
            for (var e : ds.get(i).asMap().entrySet()) {
                sum.merge(e.getKey(), w * e.getValue(), Double::sum);
            }
        }
        return EmotionDistribution.fromScores(sum);
    }
}
