package io.github.emotion4j.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Many inputs for one recognizer, analysed a few at a time. Made by
 * {@link EmotionRecognizer#batch(Collection)}; immutable: each option returns a new batch, and
 * {@link #start()} runs it (as often as you like).
 *
 * <pre>{@code
 * try (BatchRun run = recognizer.batch(inputs)
 *         .parallelism(4)                       // at most 4 inputs analysed at once
 *         .asCompleted()                        // or inOrder() (the default)
 *         .onProgress(p -> System.err.println(p.done() + "/" + p.total()))
 *         .start()) {
 *     run.forEachRemaining(item -> item.prediction().ifPresentOrElse(
 *             p -> System.out.println(item.input().describe() + ": " + p.top()),
 *             () -> System.out.println(item.input().describe() + " failed: " + item.error().orElseThrow())));
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> The inputs run on the recognizer's executor ({@link EmotionRecognizer.Builder#executor}),
 * each as one {@link EmotionRecognizer#predict} call; the thread that takes the results runs an input
 * itself whenever it would otherwise wait for one that no pool thread has started (the
 * {@link io.github.emotion4j.core.spi.ClaimableTask} rule). A batch therefore cannot deadlock with the
 * recognizer's own fan-out, on any pool size, even one thread, and even when started from a pool thread.
 *
 * <p><b>Errors.</b> An input whose {@code predict} throws (a corrupt file, an unsupported kind) gives a
 * {@link BatchItem} with the exception; the batch goes on. {@link BatchRun#cancel()} reports the inputs
 * not started yet as {@link BatchItem.Status#CANCELLED} items; nothing is dropped.
 *
 * <p><b>Memory.</b> At most {@code parallelism} inputs run at once, and no more than
 * {@code 2 * parallelism} finished results wait to be taken: a batch of any length streams through.
 */
public final class Batch {
    /** Analyses one input: {@link EmotionRecognizer#predict}. */
    @FunctionalInterface
    interface Predictor {
        EmotionPrediction predict(MediaInput input) throws IOException;
    }

    private static final Consumer<BatchProgress> NO_LISTENER = p -> { };

    private final Predictor predictor;
    private final Executor executor;
    private final List<MediaInput> inputs;
    private final int parallelism;
    private final boolean inOrder;
    private final Consumer<BatchProgress> onProgress;

    private Batch(Predictor predictor, Executor executor, List<MediaInput> inputs, int parallelism, boolean inOrder,
                  Consumer<BatchProgress> onProgress) {
        this.predictor = predictor;
        this.executor = executor;
        this.inputs = inputs;
        this.parallelism = parallelism;
        this.inOrder = inOrder;
        this.onProgress = onProgress;
    }

    /** A batch in input order with the default parallelism; {@code inputs} is copied. */
    static Batch of(Predictor predictor, Executor executor, Collection<? extends MediaInput> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        List<MediaInput> copy = new ArrayList<>(inputs.size());
        for (MediaInput in : inputs) {
            copy.add(Objects.requireNonNull(in, "an input is null"));
        }
        return new Batch(Objects.requireNonNull(predictor, "predictor"), Objects.requireNonNull(executor, "executor"),
                List.copyOf(copy), defaultParallelism(), true, NO_LISTENER);
    }

    /** max(2, available processors): the size of the pool a recognizer owns. */
    static int defaultParallelism() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * At most {@code n} inputs analysed at once (default: max(2, available processors)). More than the
     * executor has threads is allowed but gains nothing.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public Batch parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + n);
        }
        return new Batch(predictor, executor, inputs, n, inOrder, onProgress);
    }

    /** Results in input order (the default): a slow input holds back the finished ones after it. */
    public Batch inOrder() {
        return new Batch(predictor, executor, inputs, parallelism, true, onProgress);
    }

    /** Results as they complete: the fastest first; {@link BatchItem#index()} tells which input each is. */
    public Batch asCompleted() {
        return new Batch(predictor, executor, inputs, parallelism, false, onProgress);
    }

    /**
     * Called once per input when it is finished, failed or cancelled, with the counts at that moment
     * (replaces an earlier listener). Calls never overlap and their counts never decrease; they come
     * from whichever thread finished the input, so keep them short. An exception thrown by the
     * listener is ignored: the batch goes on.
     */
    public Batch onProgress(Consumer<BatchProgress> listener) {
        return new Batch(predictor, executor, inputs, parallelism, inOrder, Objects.requireNonNull(listener, "listener"));
    }

    /** The inputs, in order. */
    public List<MediaInput> inputs() {
        return inputs;
    }

    /** How many inputs run at once at most. */
    public int parallelism() {
        return parallelism;
    }

    /** Whether results come in input order ({@link #inOrder()}) rather than as they complete. */
    public boolean isInOrder() {
        return inOrder;
    }

    /** Starts analysing; take the results from the returned run and close it. */
    public BatchRun start() {
        return new BatchRun(predictor, executor, inputs, parallelism, inOrder, onProgress);
    }

    /**
     * Runs the whole batch and returns every item in input order, whatever the ordering option (this
     * holds every prediction in memory; iterate {@link #start()} to stream them).
     */
    public List<BatchItem> predictAll() {
        BatchItem[] out = new BatchItem[inputs.size()];
        try (BatchRun run = start()) {
            run.forEachRemaining(item -> out[item.index()] = item);
        }
        return List.of(out);
    }
}
