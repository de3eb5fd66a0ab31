package io.github.emotion4j.text.transcript;

import io.github.emotion4j.core.MediaDecodeException;

/** A subtitle file that cannot be read: the message names the file and the line. */
public class TranscriptFormatException extends MediaDecodeException {
    private static final long serialVersionUID = 1L;

    /** The 1-based line of the problem, or 0 when it is not tied to a line. */
    private final int line;

    /**
     * @param source  the file (or a description of the input)
     * @param line    1-based line number of the problem
     * @param message what is wrong
     */
    public TranscriptFormatException(String source, int line, String message) {
        super(source, "line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }
}
