package io.github.emotion4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * An activity bar on stderr while a long analysis runs: the recognizer reports no progress, so
 * this shows a moving bar, the elapsed time and, when known, the media's length
 * ({@code [   =====      ] 4.2 s  (media 8.3 s)}). It appears only for media longer than
 * {@link #MIN_MEDIA_SECONDS} (or of unknown length once the work has taken that long) and is erased when the work ends.
 * One instance per run; {@link #close()} is idempotent.
 */
final class Progress implements AutoCloseable {
    /** Media shorter than this gets no bar. */
    static final double MIN_MEDIA_SECONDS = 3.0;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final String what;
    private final Optional<Double> mediaSeconds;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean done;
    private boolean drawn;

    private Progress(PrintWriter err, String what, Optional<Double> mediaSeconds) {
        this.err = err;
        this.what = what;
        this.mediaSeconds = mediaSeconds;
        this.thread = new Thread(this::loop, "emotion4j-progress");
        this.thread.setDaemon(true);
    }

    /** Starts a bar, or a no-op when disabled or the media is short. */
    static Progress start(PrintWriter err, String what, Optional<Double> mediaSeconds, boolean enabled) {
        Progress p = new Progress(err, what, mediaSeconds);
        if (enabled && mediaSeconds.map(s -> s >= MIN_MEDIA_SECONDS).orElse(true)) {
            p.thread.start();
        }
        return p;
    }

    private void loop() {
        long delayNanos = mediaSeconds.isPresent() ? 300_000_000L : (long) (MIN_MEDIA_SECONDS * 1e9);
        int tick = 0;
        while (!done) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= delayNanos) {
                draw(tick++, elapsed / 1e9);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw(int tick, double seconds) {
        if (done) {
            return;
        }
        StringBuilder bar = new StringBuilder("[");
        int period = 2 * (WIDTH - 6);
        int pos = tick % period;
        int head = pos < WIDTH - 6 ? pos : period - pos;
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i >= head && i < head + 6 ? '=' : ' ');
        }
        bar.append(']');
        err.print(String.format(Locale.ROOT, "\r%s %s %5.1f s%s", what, bar, seconds,
                mediaSeconds.map(m -> String.format(Locale.ROOT, "  (media %.1f s)", m)).orElse("")));
        err.flush();
        drawn = true;
    }

    /** Stops and erases the bar. */
    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawn) {
                err.print("\r" + " ".repeat(what.length() + WIDTH + 40) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }
}
