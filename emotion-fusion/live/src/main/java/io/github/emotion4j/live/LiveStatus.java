package io.github.emotion4j.live;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change in the state of the source or the session. Immutable.
 *
 * @param state      the new state
 * @param message    a line for people, naming the source
 * @param attempt    the reconnect attempt (1-based) for {@link State#RECONNECTING} and
 *                   {@link State#RECONNECTED}; 0 otherwise
 * @param error      what went wrong, for {@link State#DISCONNECTED} and {@link State#ERROR}
 * @param streamTime the last stream time seen, seconds
 * @param decidedAt  wall-clock time of the change
 * @param counters   the session's counters at the change
 */
public record LiveStatus(State state, String message, int attempt, Optional<Throwable> error, double streamTime,
                         Instant decidedAt, LiveCounters counters) implements LiveEvent {
    /** The states of a session. The last event of every session is one of ENDED, STOPPED or ERROR. */
    public enum State {
        /** The source is open and delivering. */
        CONNECTED,
        /** The source dropped (read error or unexpected end); reconnects follow if configured. */
        DISCONNECTED,
        /** Waiting before, then making, a reconnect attempt. */
        RECONNECTING,
        /** A reconnect attempt succeeded. */
        RECONNECTED,
        /** The source ended (end of a file or camera stream); everything read was analysed. Terminal. */
        ENDED,
        /** The session was closed by its owner. Terminal. */
        STOPPED,
        /** The source failed for good (the reconnects, if any, failed). Terminal. */
        ERROR;

        /** Whether the state ends a session. */
        public boolean terminal() {
            return this == ENDED || this == STOPPED || this == ERROR;
        }
    }

    /** Checks the components and copies the mutable ones. */
    public LiveStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(counters, "counters");
    }
}
