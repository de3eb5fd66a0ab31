package io.github.emotion4j.core.spi;

import java.util.Objects;

/**
 * Makes {@code close()} safe while other threads are still inside a call: calls
 * {@linkplain #enter() enter} and {@linkplain #exit() exit} around their use of native resources,
 * and {@link #closeAndAwait()} refuses new calls, then waits until the calls in flight have left
 * before the caller frees the natives. Without it, freeing an OpenCV cascade or an ONNX Runtime
 * session while another thread runs it crashes the JVM.
 *
 * <pre>{@code
 * public Result run(Input in) {
 *     return guard.call(() -> nativeCall(in));   // IllegalStateException once closed
 * }
 *
 * public void close() {
 *     if (guard.closeAndAwait()) {   // true for the first close only
 *         freeNatives();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Do not call {@code closeAndAwait()} from inside a guarded call of the same
 * object: it would wait for itself.
 */
public final class CloseGuard {
    private final String what;
    private int active;
    private boolean closed;

    /** @param what the guarded object, for the "is closed" message, e.g. {@code "face detector"} */
    public CloseGuard(String what) {
        this.what = Objects.requireNonNull(what, "what");
    }

    /**
     * Enters a call.
     *
     * @throws IllegalStateException when closing has begun
     */
    public synchronized void enter() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
        active++;
    }

    /** Leaves a call entered with {@link #enter()}. */
    public synchronized void exit() {
        if (active <= 0) {
            throw new IllegalStateException("exit() without enter() on " + what);
        }
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    /** A guarded call's body. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        /** Runs the call. */
        T run() throws E;
    }

    /**
     * Runs {@code body} between {@link #enter()} and {@link #exit()}.
     *
     * @throws IllegalStateException when closing has begun
     * @throws E                     what the body throws
     */
    public <T, E extends Exception> T call(Body<T, E> body) throws E {
        enter();
        try {
            return body.run();
        } finally {
            exit();
        }
    }

    /** Whether closing has begun. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Calls in flight now. */
    public synchronized int active() {
        return active;
    }

    /**
     * Refuses new calls and waits until the calls in flight have left. Returns true to the first
     * caller only, who then frees the resources; later callers also wait, then get false.
     * An interrupt does not cut the wait short (freeing under a running call would crash); the
     * thread's interrupt flag is restored afterwards.
     */
    public synchronized boolean closeAndAwait() {
        boolean first = !closed;
        closed = true;
        boolean interrupted = false;
        while (active > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return first;
    }
}
