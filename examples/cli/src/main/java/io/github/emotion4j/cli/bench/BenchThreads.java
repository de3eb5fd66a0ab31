package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.spi.AnalyzerContext;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor the benchmarks hand their analysers, as an {@code EmotionRecognizer} hands its own:
 * by default a pool of {@code max(2, cores)} daemon threads (the recognizer's pool when the caller
 * gives none), on which the video path runs the expressions of the next frames while it tracks the
 * current one; 0 threads: everything on the calling thread.
 */
final class BenchThreads {
    /** The recognizer's default pool size. */
    static final int DEFAULT = Math.max(2, Runtime.getRuntime().availableProcessors());

    private BenchThreads() {
    }

    /** A pool of {@code threads} daemon threads, or the calling thread for 0. */
    static Executor executor(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        if (threads == 0) {
            return AnalyzerContext.CALLING_THREAD;
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emotion4j-bench-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** How {@link #executor(int)} reads in a report. */
    static String describe(int threads) {
        return threads == 0 ? "calling thread only" : "pool of " + threads + " threads";
    }
}
