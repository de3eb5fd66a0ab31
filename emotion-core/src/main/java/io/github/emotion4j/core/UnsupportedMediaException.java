package io.github.emotion4j.core;

/** Media of a kind or codec no configured analyser can read. */
public class UnsupportedMediaException extends MediaDecodeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaException(String source, String message) {
        super(source, message);
    }

    public UnsupportedMediaException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
