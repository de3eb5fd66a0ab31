package io.github.emotion4j.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A running {@link Batch}: an iterator over its {@link BatchItem}s (one per input, in input order or as
 * they complete) and the handle to cancel it. {@link #next()} blocks until an item is ready, and runs an
 * input on the calling thread when none is ready and one has not been started by the executor.
 *
 * <p>{@link #cancel()} keeps the inputs not yet started from running and reports each as a
 * {@link BatchItem.Status#CANCELLED} item; inputs already running finish and are reported as usual, so
 * the iterator still yields exactly one item per input. Interrupting the thread blocked in
 * {@code next()} cancels the run the same way (the interrupt status is kept). An {@link Error} thrown by
 * {@code predict} (e.g. {@link OutOfMemoryError}) cancels the run and is rethrown by {@code next()}.
 * The progress listener is called once per item, and every call has returned before the last item is
 * handed out (so {@code predictAll} returns after the last progress notice).
 *
 * <p>{@link #close()} cancels what has not started and waits for the inputs still running; close the run
 * before the recognizer. Take the items from one thread; {@link #cancel()}, {@link #progress()} and
 * {@link #close()} may be called from any thread.
 */
public final class BatchRun implements Iterator<BatchItem>, AutoCloseable {
    private final Batch.Predictor predictor;
    private final Executor executor;
    private final List<MediaInput> inputs;
    private final int parallelism;
    private final int capacity;
    private final boolean inOrder;
    private final Consumer<BatchProgress> listener;
    private final long start = System.nanoTime();

    private final Object lock = new Object();
    private final Object listenerLock = new Object();
    /** Progress notices decided under {@code lock} but not yet made; the last item waits for them. */
    private int noticesPending;
    // guarded by lock
    private int nextToStart;
    private int delivered;
    private final Map<Integer, Slot> running = new LinkedHashMap<>();
    private final ArrayDeque<BatchItem> ready = new ArrayDeque<>();
    private final TreeMap<Integer, BatchItem> readyByIndex = new TreeMap<>();
    private int succeeded;
    private int failed;
    private int cancelledCount;
    private boolean cancelled;
    private Error fatal;

    BatchRun(Batch.Predictor predictor, Executor executor, List<MediaInput> inputs, int parallelism, boolean inOrder,
             Consumer<BatchProgress> listener) {
        this.predictor = predictor;
        this.executor = executor;
        this.inputs = inputs;
        this.parallelism = parallelism;
        this.capacity = 2 * parallelism;
        this.inOrder = inOrder;
        this.listener = listener;
        List<Slot> first;
        synchronized (lock) {
            first = startMoreLocked();
        }
        submit(first);
    }

    /** One input handed to the executor; whoever claims it first (a pool thread or the consumer) runs it. */
    private final class Slot implements Runnable {
        final int index;
        final AtomicBoolean claimed = new AtomicBoolean();

        Slot(int index) {
            this.index = index;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                execute();
            }
        }

        /** Runs the input (the caller has claimed it) and records its item. */
        void execute() {
            MediaInput input = inputs.get(index);
            long t0 = System.nanoTime();
            BatchItem item;
            Error error = null;
            try {
                item = BatchItem.ok(index, input, predictor.predict(input), since(t0));
            } catch (Exception e) {
                item = BatchItem.failed(index, input, e, since(t0));
            } catch (Error e) {
                item = BatchItem.failed(index, input, new IllegalStateException("analysis of " + input.describe()
                        + " failed: " + e, e), since(t0));
                error = e;
            }
            finish(this, item, error);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - t0));
    }

    private void finish(Slot slot, BatchItem item, Error error) {
        List<Slot> more;
        int notices = 1;
        synchronized (lock) {
            running.remove(slot.index);
            addReadyLocked(item);
            if (error != null && fatal == null) {
                fatal = error;
                notices += cancelLocked();
            }
            more = startMoreLocked();
            noticesPending += notices;
            lock.notifyAll();
        }
        submit(more);
        notifyListener(notices);
    }

    /** Starts inputs while fewer than parallelism run and fewer than capacity wait to be taken. */
    private List<Slot> startMoreLocked() {
        List<Slot> out = new ArrayList<>();
        while (!cancelled && nextToStart < inputs.size() && running.size() < parallelism
                && nextToStart < delivered + capacity) {
            Slot s = new Slot(nextToStart++);
            running.put(s.index, s);
            out.add(s);
        }
        return out;
    }

    /** Hands slots to the executor outside the lock; a rejected one stays for the consumer to run. */
    private void submit(List<Slot> slots) {
        for (Slot s : slots) {
            try {
                executor.execute(s);
            } catch (RejectedExecutionException e) {
                // the consumer runs it in next()
            }
        }
    }

    private void addReadyLocked(BatchItem item) {
        switch (item.status()) {
            case OK -> succeeded++;
            case FAILED -> failed++;
            case CANCELLED -> cancelledCount++;
        }
        if (inOrder) {
            readyByIndex.put(item.index(), item);
        } else {
            ready.add(item);
        }
    }

    /** Marks the run cancelled and records a cancelled item per input not started; returns how many. */
    private int cancelLocked() {
        if (cancelled) {
            return 0;
        }
        cancelled = true;
        int n = 0;
        for (Iterator<Slot> it = running.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.claim()) {
                it.remove();
                addReadyLocked(BatchItem.cancelled(s.index, inputs.get(s.index)));
                n++;
            }
        }
        for (int i = nextToStart; i < inputs.size(); i++) {
            addReadyLocked(BatchItem.cancelled(i, inputs.get(i)));
            n++;
        }
        nextToStart = inputs.size();
        lock.notifyAll();
        return n;
    }

    private void notifyListener(int times) {
        if (times == 0) {
            return;
        }
        for (int i = 0; i < times; i++) {
            synchronized (listenerLock) {
                try {
                    listener.accept(progress());
                } catch (RuntimeException e) {
                    // a listener's failure does not stop the batch
                }
            }
        }
        synchronized (lock) {
            noticesPending -= times;
            lock.notifyAll();
        }
    }

    /**
     * Cancels the inputs not started yet: each becomes a {@link BatchItem.Status#CANCELLED} item. Running
     * inputs finish. Idempotent; returns at once.
     */
    public void cancel() {
        int n;
        synchronized (lock) {
            n = cancelLocked();
            noticesPending += n;
        }
        notifyListener(n);
    }

    /** Whether {@link #cancel()} was called (or the consumer interrupted, or an {@link Error} stopped the run). */
    public boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    /** The counts now. */
    public BatchProgress progress() {
        synchronized (lock) {
            return new BatchProgress(inputs.size(), succeeded, failed, cancelledCount, since(start));
        }
    }

    /** Whether an item is still to be taken (one per input, cancelled ones included). Does not block. */
    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return fatal != null || delivered < inputs.size();
        }
    }

    /**
     * The next item: blocks until one is ready, running an unstarted input on this thread meanwhile.
     *
     * @throws NoSuchElementException when every item has been taken
     * @throws Error                  what an input's {@code predict} threw as an {@link Error}
     */
    @Override
    public BatchItem next() {
        boolean interrupted = false;
        try {
            while (true) {
                Slot toRun = null;
                BatchItem item;
                List<Slot> more = List.of();
                int notices = 0;
                synchronized (lock) {
                    if (fatal != null) {
                        throw fatal;
                    }
                    item = inOrder ? readyByIndex.remove(delivered) : ready.poll();
                    if (item != null) {
                        delivered++;
                        more = startMoreLocked();
                        // every progress notice is made before the last item is handed out
                        while (delivered == inputs.size() && noticesPending > 0) {
                            try {
                                lock.wait();
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                    } else {
                        if (delivered >= inputs.size()) {
                            throw new NoSuchElementException("every item of the batch has been taken");
                        }
                        toRun = unclaimedLocked();
                        if (toRun == null) {
                            try {
                                lock.wait();
                            } catch (InterruptedException e) {
                                interrupted = true;
                                notices = cancelLocked();
                                noticesPending += notices;
                            }
                        }
                    }
                }
                submit(more);
                notifyListener(notices);
                if (item != null) {
                    return item;
                }
                if (toRun != null) {
                    toRun.execute();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An input handed to the executor that no thread has started, claimed for this thread: the next one in order first. */
    private Slot unclaimedLocked() {
        Slot head = running.get(delivered);
        if (inOrder && head != null && head.claim()) {
            return head;
        }
        for (Slot s : running.values()) {
            if (s.claim()) {
                return s;
            }
        }
        return null;
    }

    /** The remaining items as a sequential stream; closing the stream closes this run. */
    public Stream<BatchItem> stream() {
        int remaining;
        synchronized (lock) {
            remaining = inputs.size() - delivered;
        }
        return StreamSupport.stream(Spliterators.spliterator(this, remaining, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }

    /** Cancels what has not started and waits for the inputs still running to finish. Idempotent. */
    @Override
    public void close() {
        cancel();
        boolean interrupted = false;
        synchronized (lock) {
            while (!running.isEmpty()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
