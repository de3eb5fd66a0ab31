package io.github.emotion4j.live.internal;

import io.github.emotion4j.live.LiveSource;
import io.github.emotion4j.live.LiveSourceException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open source. Not thread-safe: one reader thread calls {@link #next()} and {@link #close()};
 * another thread may only call {@link #interrupt()}.
 */
public interface Capture extends AutoCloseable {
    /** Whether video frames come out. */
    boolean hasVideo();

    /** Whether audio comes out. */
    boolean hasAudio();

    /**
     * The next sampled frame or audio block; null at the end of the source.
     *
     * @throws IOException          when reading fails (the stream dropped)
     * @throws InterruptedException when the reading thread is interrupted while pacing
     */
    Captured next() throws IOException, InterruptedException;

    /** Unblocks a pending {@link #next()} where the source allows it (a javax.sound line); may be a no-op. */
    void interrupt();

    /** Releases the source. Idempotent. */
    @Override
    void close();

    /**
     * Opens a source.
     *
     * @param source  what to open
     * @param fps     frames per second to sample ({@code <= 0}: every frame)
     * @param video   whether video is wanted
     * @param audio   whether audio is wanted
     * @param decoded counts every decoded video frame
     * @throws LiveSourceException when the device, URL or file cannot be opened, or offers nothing wanted
     */
    static Capture open(LiveSource source, double fps, boolean video, boolean audio, AtomicLong decoded)
            throws LiveSourceException {
        if (source.kind() == LiveSource.Kind.MICROPHONE) {
            if (!audio) {
                throw new LiveSourceException(source.describe(), "the recognizer reads no audio (add emotion-audio)");
            }
            return MicrophoneCapture.open(source);
        }
        return FfmpegCapture.open(source, fps, video, audio, decoded);
    }
}
