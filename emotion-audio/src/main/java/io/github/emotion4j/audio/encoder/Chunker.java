package io.github.emotion4j.audio.encoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits long input into overlapping windows so a transformer encoder never sees more than
 * {@code window} samples at once (10 s with 1 s overlap by default). The last window is aligned
 * to the end of the input, so no tiny tail is encoded on its own. Immutable and thread-safe.
 *
 * @param window  window length in samples, > 0
 * @param overlap overlap in samples, {@code 0 <= overlap < window}
 */
public record Chunker(int window, int overlap) {
    /** Checks the components and copies the mutable ones. */
    public Chunker {
        if (window <= 0 || overlap < 0 || overlap >= window) {
            throw new IllegalArgumentException("need window > overlap >= 0, got window=" + window + " overlap=" + overlap);
        }
    }

    /** Windows of {@code seconds} with {@code overlapSeconds} overlap at 16 kHz. */
    public static Chunker ofSeconds(double seconds, double overlapSeconds) {
        return new Chunker((int) Math.round(seconds * 16_000), (int) Math.round(overlapSeconds * 16_000));
    }

    /** A window: start sample and length. */
    public record Window(int start, int length) {
    }

    /** The windows covering {@code length} samples (one window when it fits). */
    public List<Window> windows(int length) {
        List<Window> out = new ArrayList<>();
        if (length <= window) {
            out.add(new Window(0, length));
            return out;
        }
        int hop = window - overlap;
        int start = 0;
        while (true) {
            if (start + window >= length) {
                out.add(new Window(length - window, window));
                break;
            }
            out.add(new Window(start, window));
            start += hop;
        }
        return out;
    }
}
