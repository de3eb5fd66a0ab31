package io.github.emotion4j.audio.vad;

/**
 * Decides, frame by frame, whether 16 kHz audio holds speech. The detector itself is
 * thread-safe; each stream gets its own stateful {@link Session}.
 */
public interface VoiceActivityDetector {
    /** A short name for results and logs, e.g. {@code "energy"} or {@code "silero-v5"}. */
    String name();

    /** Samples per decision at 16 kHz. */
    int frameSize();

    /** A new per-stream state. */
    Session newSession();

    /** The state of one stream. Not thread-safe. */
    interface Session {
        /**
         * The probability that the frame holds speech (0..1); frames arrive in stream order.
         *
         * @param frame exactly {@link #frameSize()} samples (the last frame is zero-padded)
         */
        double speechProbability(float[] frame);
    }
}
