package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Optional;

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
     * The id of the sentence encoder whose embeddings the model reads, when known before loading it
     * (so that a caller can pick the provider that fits its text analyser); empty: any or unknown.
     */
    default Optional<String> encoderId() {
        return Optional.empty();
    }

    /**
     * Loads the context model.
     *
     * @throws ModelLoadException when its weights are missing or damaged
     */
    ConversationContext create() throws ModelLoadException;
}
