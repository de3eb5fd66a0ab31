package io.github.emotion4j.live;

/**
 * What a session has seen and done so far; every event carries a snapshot. Frames and audio that
 * arrive while the analysis is busy and the bounded queue is full are dropped and counted here,
 * never buffered without limit. Immutable.
 *
 * @param videoFrames      video frames decoded from the source
 * @param framesSampled    frames picked at the session's fps for analysis
 * @param framesAnalysed   sampled frames the recognizer read
 * @param framesDropped    sampled frames dropped because the analysis was behind (the oldest queued frame goes first)
 * @param framesWithoutFace analysed frames in which no face was found (no event)
 * @param audioSeconds     seconds of audio received (16 kHz)
 * @param audioSecondsDropped seconds of audio dropped because the speech analysis was behind
 * @param speechSegments   speech segments decided (with or without evidence)
 * @param eventsDropped    events a slow subscriber or listener did not take in time (its buffer was full)
 * @param reconnects       successful reconnects
 */
public record LiveCounters(long videoFrames, long framesSampled, long framesAnalysed, long framesDropped,
                           long framesWithoutFace, double audioSeconds, double audioSecondsDropped,
                           long speechSegments, long eventsDropped, int reconnects) {
    /** All zero. */
    public static final LiveCounters ZERO = new LiveCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
