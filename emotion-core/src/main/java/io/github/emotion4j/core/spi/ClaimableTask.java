package io.github.emotion4j.core.spi;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A piece of work handed to an executor that its submitter can take back: whoever claims it
 * first runs it, a pool thread or the submitter in {@link #join()}. {@code join()} therefore
 * never waits for work that has not started, so analysers may fan out onto a small shared pool
 * (even one thread) from inside pool tasks, with many callers at once, without deadlock: a thread
 * only ever waits for work that is running, and that work waits only for work it started itself.
 *
 * <p>An executor that rejects the task (e.g. one already shut down) is no error: the task then
 * runs in {@code join()}. Thread-safe.
 *
 * @param <T> the result type
 */
public final class ClaimableTask<T> {
    private final Callable<? extends T> body;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private ClaimableTask(Callable<? extends T> body) {
        this.body = body;
    }

    /** Hands {@code body} to {@code executor}; it runs there unless {@link #join()} or {@link #cancel()} claims it first. */
    public static <T> ClaimableTask<T> submit(Executor executor, Callable<? extends T> body) {
        Objects.requireNonNull(executor, "executor");
        ClaimableTask<T> task = new ClaimableTask<>(Objects.requireNonNull(body, "body"));
        try {
            executor.execute(task::runIfUnclaimed);
        } catch (RejectedExecutionException e) {
            // runs in join()
        }
        return task;
    }

    private void runIfUnclaimed() {
        if (claimed.compareAndSet(false, true)) {
            complete();
        }
    }

    private void complete() {
        try {
            result.complete(body.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /** Whether the work has ended (or was cancelled). */
    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Keeps the work from running if it has not started.
     *
     * @return true when it will never run
     */
    public boolean cancel() {
        if (claimed.compareAndSet(false, true)) {
            result.cancel(false);
            return true;
        }
        return false;
    }

    /**
     * The result: runs the work on this thread if no one has started it, else waits for it.
     *
     * @throws Exception            what the work threw, unwrapped
     * @throws InterruptedException when this thread is interrupted while waiting
     * @throws CancellationException when the task was cancelled
     */
    public T join() throws Exception {
        if (claimed.compareAndSet(false, true)) {
            complete();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Makes sure the work no longer runs after this returns, when its result no longer matters (after
     * a failure or an interrupt elsewhere): keeps it from starting if no one has, else waits for it to
     * end, ignoring what it threw and any interrupt meanwhile.
     *
     * @return true when this thread was interrupted while waiting (the caller restores the flag)
     */
    public boolean settle() {
        if (cancel()) {
            return false;
        }
        boolean interrupted = false;
        while (true) {
            try {
                result.get();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                return interrupted;
            }
        }
    }
}
