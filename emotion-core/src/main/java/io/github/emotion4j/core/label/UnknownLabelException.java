package io.github.emotion4j.core.label;

/** Thrown when a label word is not a known emotion or synonym. */
public final class UnknownLabelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String word;

    public UnknownLabelException(String word, String message) {
        super(message);
        this.word = word;
    }

    /** The word that could not be parsed. */
    public String word() {
        return word;
    }
}
