package io.github.emotion4j.vision.decode;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes a video on a thread of its own, up to {@code capacity} frames ahead of the caller, so
 * that decoding and the caller's work on the previous frames overlap on two cores. Each frame may
 * also get a piece of work done on that thread ({@link FrameJob}, e.g. a periodic full-frame face
 * scan) whose result travels with it. With {@code capacity} 0 there is no thread: {@link #next()}
 * decodes and runs the job on the calling thread, as a plain {@link VideoReader} loop would.
 *
 * <p>The thread ({@value #THREAD_NAME} plus the file name, a daemon) is started by
 * {@link #start} and ends at the end of the video, at the first decoding or job failure (which
 * {@link #next()} rethrows once the frames before it have been handed out), or at {@link #close()},
 * which stops it, waits for it to end and closes the reader; {@code close()} is idempotent. The
 * reader belongs to this object from {@link #start} on. An interrupted caller waiting in
 * {@code next()} gets an {@link InterruptedIOException} (the interrupt flag set again).
 *
 * <p>Not thread-safe: one caller thread.
 *
 * @param <T> what the job gives for a frame
 */
public final class DecodeAhead<T> implements AutoCloseable {
    /** Prefix of the decoding thread's name. */
    public static final String THREAD_NAME = "emotion4j-decode-ahead ";

    /** Work done on the decoding thread for each frame, before the frame is handed out. */
    @FunctionalInterface
    public interface FrameJob<T> {
        /** The job's result for one frame (the frame's image must not be changed). */
        T apply(VideoFrame frame);
    }

    /** One decoded frame and its job's result. */
    public record Item<T>(VideoFrame frame, T result) {
        /** Checks the components. */
        public Item {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** End of the video: the reader's notes. */
    private record End(List<String> notes) {
    }

    /** What stopped the decoding thread. */
    private record Failure(Throwable error) {
    }

    private final VideoReader reader;
    private final FrameJob<T> job;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean stop;
    private List<String> notes;
    private boolean ended;
    private boolean closed;

    private DecodeAhead(VideoReader reader, int capacity, FrameJob<T> job) {
        this.reader = reader;
        this.job = job;
        this.queue = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : null;
        if (capacity > 0) {
            thread = new Thread(this::produce, THREAD_NAME + reader.name());
            thread.setDaemon(true);
        } else {
            thread = null;
        }
    }

    /**
     * Starts decoding.
     *
     * @param reader   the open video (owned by the returned object from now on)
     * @param capacity frames decoded ahead at most, {@code 0..64}; 0 = decode on the calling thread
     * @param job      work for each frame on the decoding thread
     */
    public static <T> DecodeAhead<T> start(VideoReader reader, int capacity, FrameJob<T> job) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(job, "job");
        if (capacity < 0 || capacity > 64) {
            reader.close();
            throw new IllegalArgumentException("capacity must be in [0, 64] frames, was " + capacity);
        }
        DecodeAhead<T> d = new DecodeAhead<>(reader, capacity, job);
        if (d.thread != null) {
            d.thread.start();
        }
        return d;
    }

    /** What the video reports about itself. */
    public VideoInfo info() {
        return reader.info();
    }

    /** Whether frames are decoded on a thread of their own. */
    public boolean threaded() {
        return thread != null;
    }

    private void produce() {
        try {
            while (!stop) {
                Optional<VideoFrame> f = reader.next();
                if (f.isEmpty()) {
                    queue.put(new End(reader.notes()));
                    return;
                }
                queue.put(new Item<>(f.get(), job.apply(f.get())));
            }
        } catch (InterruptedException e) {
            // close(): stop
        } catch (Throwable t) {
            try {
                queue.put(new Failure(t));
            } catch (InterruptedException e) {
                // close(): nobody is waiting for the failure any more
            }
        } finally {
            reader.close();
        }
    }

    /**
     * The next frame with its job's result, or empty at the end of the video.
     *
     * @throws IOException          a decoding failure ({@link io.github.emotion4j.core.MediaDecodeException})
     * @throws InterruptedIOException when the calling thread was interrupted while waiting
     * @throws IllegalStateException after {@link #close()}
     */
    @SuppressWarnings("unchecked")
    public Optional<Item<T>> next() throws IOException {
        if (closed) {
            throw new IllegalStateException("decode-ahead reader is closed");
        }
        if (ended) {
            return Optional.empty();
        }
        if (thread == null) {
            Optional<VideoFrame> f = reader.next();
            if (f.isEmpty()) {
                ended = true;
                notes = reader.notes();
                return Optional.empty();
            }
            return Optional.of(new Item<>(f.get(), job.apply(f.get())));
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException x = new InterruptedIOException("interrupted while waiting for a decoded frame");
            x.initCause(e);
            throw x;
        }
        if (o instanceof End end) {
            ended = true;
            notes = end.notes();
            return Optional.empty();
        }
        if (o instanceof Failure failure) {
            ended = true;
            notes = List.of();
            Throwable t = failure.error();
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("decoding thread failed", t);
        }
        return Optional.of((Item<T>) o);
    }

    /** The reader's notes ({@link VideoReader#notes()}); complete once {@link #next()} is empty. */
    public List<String> notes() {
        return notes == null ? List.of() : notes;
    }

    /** Stops the decoding thread, waits for it to end and closes the reader. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread == null) {
            reader.close();
            return;
        }
        stop = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            queue.clear();
            try {
                thread.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
