package io.github.emotion4j.cli;

import io.github.emotion4j.core.BatchProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a batch on stderr: on a terminal a bar redrawn in place
 * ({@code [=========>          ] 37/200 files  2 failed  ETA 1m12s}), otherwise a plain line every
 * {@code interval} ({@code analysed 37/200 files (2 failed), 45 s, ETA 1m12s}) that log files can take.
 * Thread-safe: {@link #update} comes from the batch's threads, {@link #println} from the consumer.
 */
final class BatchProgressBar implements AutoCloseable {
    /** How progress is shown. */
    enum Mode {
        /** A bar redrawn with carriage returns (stderr is a terminal). */
        BAR,
        /** Plain lines now and then (stderr is a file or pipe). */
        LINES,
        /** Nothing. */
        OFF
    }

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final Mode mode;
    private final long intervalNanos;
    private BatchProgress last;
    private long lastLine = System.nanoTime();
    private int drawnLength;

    BatchProgressBar(PrintWriter err, Mode mode, Duration interval) {
        this.err = err;
        this.mode = mode;
        this.intervalNanos = interval.toNanos();
    }

    /** The mode for a run: a bar on a terminal, lines otherwise, nothing when progress is off. */
    static Mode mode(boolean enabled) {
        if (!enabled) {
            return Mode.OFF;
        }
        return Terminal.stderrIsTerminal() ? Mode.BAR : Mode.LINES;
    }

    /** Shows new counts. */
    synchronized void update(BatchProgress p) {
        if (last != null && p.done() < last.done()) {
            return;
        }
        last = p;
        if (mode == Mode.BAR) {
            draw();
        } else if (mode == Mode.LINES && !p.isComplete()) {
            long now = System.nanoTime();
            if (now - lastLine >= intervalNanos) {
                lastLine = now;
                err.println(String.format(Locale.ROOT, "analysed %d/%d files%s, %s, ETA %s", p.done(), p.total(),
                        p.failed() > 0 ? " (" + p.failed() + " failed)" : "", duration(p.elapsed()),
                        p.eta().map(BatchProgressBar::duration).orElse("?")));
                err.flush();
            }
        }
    }

    /** Prints a line to {@code out} above the bar (erased first, drawn again after). */
    synchronized void println(PrintWriter out, String line) {
        erase();
        out.println(line);
        out.flush();
        if (mode == Mode.BAR && last != null) {
            draw();
        }
    }

    private void draw() {
        BatchProgress p = last;
        int filled = (int) Math.round(p.fraction() * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(']');
        String text = String.format(Locale.ROOT, "%s %d/%d files%s  ETA %s", bar, p.done(), p.total(),
                p.failed() > 0 ? "  " + p.failed() + " failed" : "", p.eta().map(BatchProgressBar::duration).orElse("?"));
        String pad = text.length() < drawnLength ? " ".repeat(drawnLength - text.length()) : "";
        err.print("\r" + text + pad);
        err.flush();
        drawnLength = text.length();
    }

    private void erase() {
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }

    /** "45 s", "1m12s", "2h03m". */
    static String duration(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** Erases the bar. */
    @Override
    public synchronized void close() {
        erase();
    }
}
