package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.model.ModelLoadException;

/**
 * Makes a {@link ConversationContext}; found with {@link java.util.ServiceLoader} (register an
 * implementation in {@code META-INF/services/io.github.emotion4j.core.conversation.ConversationContextProvider}),
 * the one with the highest {@link #rank()} first.
 */
public interface ConversationContextProvider {
    /** The name of the context model it makes. */
    String name();

    /** Higher ranks are preferred (default 0). */
    default int rank() {
        return 0;
    }

    /**
     * Loads the context model.
     *
     * @throws ModelLoadException when its weights are missing or damaged
     */
    ConversationContext create() throws ModelLoadException;
}
