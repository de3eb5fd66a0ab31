package io.github.emotion4j.text.conversation;

import io.github.emotion4j.text.transcript.TranscriptFormatException;

/**
 * A conversation file that cannot be read: a missing required column, a label outside the label
 * set, a repeated turn number, a bad number or time, a dialogue over the turn limit. The message
 * names the file and the line.
 */
public final class ConversationFormatException extends TranscriptFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the file (or a description of the input)
     * @param line    1-based line of the problem (0 when not tied to a line)
     * @param message what is wrong
     */
    public ConversationFormatException(String source, int line, String message) {
        super(source, line, message);
    }
}
