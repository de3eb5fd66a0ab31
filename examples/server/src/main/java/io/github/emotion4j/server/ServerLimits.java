package io.github.emotion4j.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link EmotionServer} accepts. Immutable; the {@code with*} methods return changed copies.
 *
 * @param maxRequestBytes   largest request body (upload or JSON); larger ones get 413 {@code payload_too_large}
 * @param maxMediaSeconds   longest audio or video, read from the container header before decoding; longer
 *                          media gets 413 {@code media_too_long}
 * @param maxConcurrent     analyses running at once; a request beyond gets 429 {@code too_many_requests}
 *                          with {@code Retry-After}
 * @param requestTimeout    how long one analysis may run; past it the request gets 504 {@code timeout}
 *                          (the analysis is interrupted and keeps its slot until it stops)
 * @param maxTextChars      longest text or transcript field; longer gets 413 {@code text_too_long}
 * @param retryAfterSeconds the {@code Retry-After} sent with 429
 */
public record ServerLimits(long maxRequestBytes, double maxMediaSeconds, int maxConcurrent, Duration requestTimeout,
                           int maxTextChars, int retryAfterSeconds) {
    /** Checks every limit is positive. */
    public ServerLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be > 0, was " + maxRequestBytes);
        }
        if (!(maxMediaSeconds > 0)) {
            throw new IllegalArgumentException("maxMediaSeconds must be > 0, was " + maxMediaSeconds);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0, was " + requestTimeout);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be >= 1, was " + maxTextChars);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0, was " + retryAfterSeconds);
        }
    }

    /**
     * The defaults: 100 MiB per request, 10 minutes of media, max(2, cores) analyses at once, 120 s per
     * analysis, 100,000 characters of text, {@code Retry-After: 1}.
     */
    public static ServerLimits defaults() {
        return new ServerLimits(100L << 20, 600, Math.max(2, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(120), 100_000, 1);
    }

    /** A copy with another request size limit. */
    public ServerLimits withMaxRequestBytes(long bytes) {
        return new ServerLimits(bytes, maxMediaSeconds, maxConcurrent, requestTimeout, maxTextChars, retryAfterSeconds);
    }

    /** A copy with another media duration limit. */
    public ServerLimits withMaxMediaSeconds(double seconds) {
        return new ServerLimits(maxRequestBytes, seconds, maxConcurrent, requestTimeout, maxTextChars, retryAfterSeconds);
    }

    /** A copy with another concurrency limit. */
    public ServerLimits withMaxConcurrent(int n) {
        return new ServerLimits(maxRequestBytes, maxMediaSeconds, n, requestTimeout, maxTextChars, retryAfterSeconds);
    }

    /** A copy with another per-analysis timeout. */
    public ServerLimits withRequestTimeout(Duration timeout) {
        return new ServerLimits(maxRequestBytes, maxMediaSeconds, maxConcurrent, timeout, maxTextChars, retryAfterSeconds);
    }

    /** A copy with another text length limit. */
    public ServerLimits withMaxTextChars(int chars) {
        return new ServerLimits(maxRequestBytes, maxMediaSeconds, maxConcurrent, requestTimeout, chars, retryAfterSeconds);
    }

    /** A copy with another {@code Retry-After}. */
    public ServerLimits withRetryAfterSeconds(int seconds) {
        return new ServerLimits(maxRequestBytes, maxMediaSeconds, maxConcurrent, requestTimeout, maxTextChars, seconds);
    }
}
