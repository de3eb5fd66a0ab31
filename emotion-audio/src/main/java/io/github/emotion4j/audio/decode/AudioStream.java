package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;
import java.util.List;

/**
 * Decoded audio as a pull stream of mono float samples in [-1, 1] at {@link #SAMPLE_RATE} Hz,
 * whatever the source format, channel count or rate. Reading block by block keeps memory
 * constant however long the file is. Non-finite samples (NaN, infinity) are replaced by 0 and
 * out-of-range values are clipped to [-1, 1]; both are counted.
 *
 * <p>Not thread-safe: one reader per stream. {@link #close()} is idempotent.
 */
public interface AudioStream extends AutoCloseable {
    /** The rate every stream delivers. */
    int SAMPLE_RATE = 16_000;

    /** The file or input, for messages. */
    String source();

    /** Sample rate of the source before resampling. */
    int sourceSampleRate();

    /** Channels of the source before the downmix, or 0 when the decoder does not say. */
    int sourceChannels();

    /**
     * Reads up to {@code len} samples.
     *
     * @return the number read, or -1 at the end of the stream
     * @throws MediaDecodeException when the data turns out to be corrupt; the message names the source
     */
    int read(float[] dst, int off, int len) throws MediaDecodeException;

    /** Samples that were NaN or infinite and became 0 (counted so far). */
    long nonFiniteSamples();

    /** Samples outside [-1, 1] that were clipped (counted so far). */
    long clippedSamples();

    /** Things the caller should know about the source (e.g. a truncated data chunk). */
    List<String> notes();

    @Override
    void close();
}
