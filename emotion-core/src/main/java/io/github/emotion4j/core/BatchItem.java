package io.github.emotion4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The outcome of one input of a {@link Batch}: its prediction, or the exception that stopped it,
 * or a {@link CancellationException} when the batch was cancelled before the input started.
 * Exactly one of {@link #prediction()} and {@link #error()} is present. Immutable.
 *
 * @param index      the input's position in the list given to {@link EmotionRecognizer#batch}
 * @param input      the input
 * @param prediction the prediction when the input was analysed
 * @param error      what {@link EmotionRecognizer#predict} threw (e.g. a {@link MediaDecodeException}), or a
 *                   {@link CancellationException} for an input that never started
 * @param elapsed    the wall time of this input's {@code predict} call; zero when it was cancelled
 */
public record BatchItem(int index, MediaInput input, Optional<EmotionPrediction> prediction, Optional<Exception> error,
                        Duration elapsed) {
    /** What became of an input. */
    public enum Status {
        /** Analysed: {@link #prediction()} is present (it may still have no evidence). */
        OK,
        /** {@code predict} threw: {@link #error()} says what. */
        FAILED,
        /** The batch was cancelled before this input started. */
        CANCELLED
    }

    /**
     * Checks the invariants.
     *
     * @throws IllegalArgumentException when the index or elapsed time is negative, or not exactly one of prediction and error is present
     */
    public BatchItem {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(elapsed, "elapsed");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        if (prediction.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("exactly one of prediction and error must be present");
        }
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, was " + elapsed);
        }
    }

    /** An analysed input. */
    public static BatchItem ok(int index, MediaInput input, EmotionPrediction prediction, Duration elapsed) {
        return new BatchItem(index, input, Optional.of(prediction), Optional.empty(), elapsed);
    }

    /** An input whose {@code predict} call threw {@code error}. */
    public static BatchItem failed(int index, MediaInput input, Exception error, Duration elapsed) {
        return new BatchItem(index, input, Optional.empty(), Optional.of(error), elapsed);
    }

    /** An input the batch never started because it was cancelled. */
    public static BatchItem cancelled(int index, MediaInput input) {
        return new BatchItem(index, input, Optional.empty(),
                Optional.of(new CancellationException("batch cancelled before " + input.describe() + " started")),
                Duration.ZERO);
    }

    /** {@link Status#OK}, {@link Status#FAILED} or {@link Status#CANCELLED}. */
    public Status status() {
        if (prediction.isPresent()) {
            return Status.OK;
        }
        return error.get() instanceof CancellationException ? Status.CANCELLED : Status.FAILED;
    }

    /** Whether the input was analysed (its prediction is present). */
    public boolean isOk() {
        return prediction.isPresent();
    }
}
