package io.github.emotion4j.core;

/** A time interval in seconds from the start of the media, {@code start <= end}. */
public record TimeSpan(double start, double end) {
    public TimeSpan {
        if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < start) {
            throw new IllegalArgumentException("invalid time span [" + start + ", " + end + "]");
        }
    }

    /** Length in seconds. */
    public double duration() {
        return end - start;
    }

    /** Length of the overlap with another span (0 when disjoint). */
    public double overlap(TimeSpan other) {
        return Math.max(0, Math.min(end, other.end) - Math.max(start, other.start));
    }
}
