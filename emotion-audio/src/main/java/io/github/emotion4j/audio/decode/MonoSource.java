package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;

/** A decoder's raw output: mono float samples at the source rate. Not thread-safe. */
interface MonoSource extends AutoCloseable {
    String source();

    int sampleRate();

    int channels();

    /** Reads up to {@code dst.length} samples; -1 at the end. */
    int read(float[] dst) throws MediaDecodeException;

    /** Remarks found while decoding. */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    @Override
    void close();
}
