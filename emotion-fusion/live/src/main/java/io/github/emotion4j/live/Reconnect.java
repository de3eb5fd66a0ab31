package io.github.emotion4j.live;

import java.time.Duration;
import java.util.Objects;

/**
 * What a session does when its source drops (a read error, or the end of a network stream):
 * up to {@code attempts} reopenings, waiting {@code backoff} before the first and doubling the
 * wait each time up to {@code maxBackoff}. When every attempt fails the session ends with a
 * {@link LiveStatus.State#ERROR} event and a {@link LiveSourceException}. Immutable.
 *
 * @param attempts   reopenings to try after a drop, {@code >= 0} (0: fail at the first drop)
 * @param backoff    wait before the first attempt, {@code > 0}
 * @param maxBackoff longest wait between attempts, {@code >= backoff}
 */
public record Reconnect(int attempts, Duration backoff, Duration maxBackoff) {
    public Reconnect {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("backoff must be > 0, was " + backoff);
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than backoff " + backoff);
        }
    }

    /** No reconnects: a drop ends the session with an error. */
    public static Reconnect never() {
        return new Reconnect(0, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    /** {@code attempts} reopenings, the first after {@code backoff}, doubling up to 30 s. */
    public static Reconnect attempts(int attempts, Duration backoff) {
        Objects.requireNonNull(backoff, "backoff");
        return new Reconnect(attempts, backoff, backoff.compareTo(Duration.ofSeconds(30)) > 0 ? backoff : Duration.ofSeconds(30));
    }

    /** The default for network streams: 3 attempts, 1 s, 2 s, 4 s apart. */
    public static Reconnect defaults() {
        return attempts(3, Duration.ofSeconds(1));
    }

    /** The wait before attempt {@code n} (1-based). */
    public Duration delay(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("attempts count from 1, was " + n);
        }
        long ms = backoff.toMillis();
        for (int i = 1; i < n && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
