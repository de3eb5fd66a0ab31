package io.github.emotion4j.live;

import java.time.Instant;

/**
 * Something a {@link LiveSession} decided: a {@link LiveSegment} (an emotion reading) or a
 * {@link LiveStatus} (the source connected, dropped, reconnected, ended, failed). Immutable.
 */
public sealed interface LiveEvent permits LiveSegment, LiveStatus {
    /** The stream time the event refers to, in seconds from the session's first frame (media timestamps). */
    double streamTime();

    /** The wall-clock time at which the session decided the event. */
    Instant decidedAt();

    /** The session's counters when the event was decided. */
    LiveCounters counters();
}
