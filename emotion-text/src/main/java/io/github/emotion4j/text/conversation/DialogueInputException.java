package io.github.emotion4j.text.conversation;

/**
 * A dialogue the context model cannot take as given: no turns, rows of the wrong width, speaker ids
 * that do not match the turns, or non-finite values. The message names the turn.
 */
public final class DialogueInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming what is wrong. */
    public DialogueInputException(String message) {
        super(message);
    }
}
