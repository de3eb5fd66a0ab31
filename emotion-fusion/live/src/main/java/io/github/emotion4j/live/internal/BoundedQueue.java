package io.github.emotion4j.live.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A queue bounded by the total weight of its items (frames: 1 each; audio: samples). A live
 * producer {@linkplain #offerDroppingOldest offers} and drops the oldest items to make room, so a
 * consumer that falls behind always gets the freshest data; a file read as fast as possible
 * {@linkplain #put waits}. {@link #end()} lets the consumer drain what is left; {@link #close()}
 * discards it. Thread-safe.
 *
 * @param <T> the item type
 */
public final class BoundedQueue<T> {
    private final long capacity;
    private final ToLongFunction<T> weight;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private long total;
    private boolean ended;
    private boolean closed;

    /**
     * @param capacity the largest total weight held, {@code >= 1}
     * @param weight   the weight of an item, {@code >= 0}
     */
    public BoundedQueue(long capacity, ToLongFunction<T> weight) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.weight = weight;
    }

    /**
     * Adds an item, first dropping the oldest items while the queue would be over capacity (an
     * item heavier than the capacity is kept alone).
     *
     * @return the items dropped (empty when none); nothing is added once ended or closed
     */
    public synchronized List<T> offerDroppingOldest(T item) {
        if (ended || closed) {
            return List.of();
        }
        long w = weight.applyAsLong(item);
        List<T> dropped = new ArrayList<>(0);
        while (!items.isEmpty() && total + w > capacity) {
            T old = items.pollFirst();
            total -= weight.applyAsLong(old);
            dropped.add(old);
        }
        items.addLast(item);
        total += w;
        notifyAll();
        return dropped;
    }

    /**
     * Adds an item, waiting while the queue is full.
     *
     * @return false when the queue was ended or closed (the item is not added)
     */
    public synchronized boolean put(T item) throws InterruptedException {
        long w = weight.applyAsLong(item);
        while (!ended && !closed && !items.isEmpty() && total + w > capacity) {
            wait();
        }
        if (ended || closed) {
            return false;
        }
        items.addLast(item);
        total += w;
        notifyAll();
        return true;
    }

    /** The next item, waiting for one; null once the queue is ended and drained, or closed. */
    public synchronized T take() throws InterruptedException {
        while (items.isEmpty() && !ended && !closed) {
            wait();
        }
        if (closed || items.isEmpty()) {
            return null;
        }
        T item = items.pollFirst();
        total -= weight.applyAsLong(item);
        notifyAll();
        return item;
    }

    /** No more items will come; {@link #take()} drains the rest, then returns null. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Discards everything; {@link #take()} returns null at once, {@link #put} false. */
    public synchronized void close() {
        closed = true;
        items.clear();
        total = 0;
        notifyAll();
    }

    /** Items held now. */
    public synchronized int size() {
        return items.size();
    }

    /** Total weight held now. */
    public synchronized long weight() {
        return total;
    }
}
