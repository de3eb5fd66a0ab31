package io.github.emotion4j.core;

import java.io.IOException;
import java.util.Optional;

/**
 * Media that cannot be read: a corrupt, truncated, empty or unsupported file. The message names
 * the file and what is wrong with it.
 */
public class MediaDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient String source;

    public MediaDecodeException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public MediaDecodeException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file or input that failed. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }
}
