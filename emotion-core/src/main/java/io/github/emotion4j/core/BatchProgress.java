package io.github.emotion4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link BatchRun} stands: how many inputs are finished and how. Immutable snapshot.
 *
 * @param total     the number of inputs in the batch
 * @param succeeded inputs analysed ({@link BatchItem.Status#OK})
 * @param failed    inputs whose {@code predict} threw ({@link BatchItem.Status#FAILED})
 * @param cancelled inputs never started because the batch was cancelled
 * @param elapsed   wall time since the run started
 */
public record BatchProgress(int total, int succeeded, int failed, int cancelled, Duration elapsed) {
    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException when a count is negative or they add up to more than {@code total}
     */
    public BatchProgress {
        Objects.requireNonNull(elapsed, "elapsed");
        if (total < 0 || succeeded < 0 || failed < 0 || cancelled < 0 || succeeded + failed + cancelled > total) {
            throw new IllegalArgumentException("bad counts: total " + total + ", succeeded " + succeeded + ", failed "
                    + failed + ", cancelled " + cancelled);
        }
    }

    /** Inputs finished in any way: succeeded + failed + cancelled. */
    public int done() {
        return succeeded + failed + cancelled;
    }

    /** Inputs not finished yet. */
    public int remaining() {
        return total - done();
    }

    /** Whether every input is finished. */
    public boolean isComplete() {
        return done() == total;
    }

    /** The finished share in [0, 1]; 1 for an empty batch. */
    public double fraction() {
        return total == 0 ? 1.0 : done() / (double) total;
    }

    /**
     * The remaining time at the pace so far (elapsed / analysed inputs * remaining inputs); empty
     * before the first input is analysed or failed. Zero when complete.
     */
    public Optional<Duration> eta() {
        if (isComplete()) {
            return Optional.of(Duration.ZERO);
        }
        int analysed = succeeded + failed;
        if (analysed == 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (elapsed.toNanos() / (double) analysed * remaining())));
    }
}
