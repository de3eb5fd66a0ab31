package io.github.emotion4j.core;

/**
 * An engine failed while running a model that loaded fine (wrong input shape, native error).
 * The message names the model and the input. Unchecked: it signals a bug or a model that does
 * not match its card, not something a caller can fix by retrying.
 */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
