package io.github.emotion4j.live;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.fusion.FusionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One emotion reading, handed out as soon as it is decided. Immutable.
 *
 * @param kind        what was read
 * @param segment     the reading: stream-time span, distribution, dimensions, per-modality
 *                    distributions and a source ({@code "face"}, {@code "speech"}, {@code "fused"})
 * @param prediction  the recognizer's whole answer (cues, face boxes, provenance) for
 *                    {@link Kind#FACE} and {@link Kind#SPEECH}; empty for {@link Kind#FUSED}
 * @param fusion      how the modalities were combined, for {@link Kind#FUSED}; empty otherwise
 * @param streamTime  the media time the reading was decided at, in seconds from the session's
 *                    first frame: the frame's timestamp (face), the end of the speech (speech),
 *                    the end of the window (fused)
 * @param capturedAt  wall-clock time at which the media that completed the reading came out of
 *                    the source (the frame, the audio block that closed the speech segment)
 * @param decidedAt   wall-clock time of the decision
 * @param counters    the session's counters at the decision
 */
public record LiveSegment(Kind kind, Segment segment, Optional<EmotionPrediction> prediction,
                          Optional<FusionResult> fusion, double streamTime, Instant capturedAt,
                          Instant decidedAt, LiveCounters counters) implements LiveEvent {
    /** What a segment reads. */
    public enum Kind {
        /** The face expression of one sampled video frame. */
        FACE,
        /** One speech segment, decided after its voice-activity end. */
        SPEECH,
        /** A window of stream time fusing the faces and speech in it. */
        FUSED
    }

    /** Checks the components and copies the mutable ones. */
    public LiveSegment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(counters, "counters");
    }

    /** From capture to decision: the time the analysis (and any queueing before it) took. */
    public Duration latency() {
        return Duration.between(capturedAt, decidedAt);
    }
}
