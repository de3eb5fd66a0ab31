package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.ModelInfo;
import java.util.List;
import java.util.Optional;

/**
 * A dialogue context model: rereads each turn's no-context probabilities in the light of the
 * turns around it (who spoke, what they felt). Implementations must be thread-safe.
 *
 * <p>Probabilities are in {@link io.github.emotion4j.core.label.Emotion#CANONICAL} order (anger,
 * disgust, fear, happiness, sadness, surprise, neutral). A turn without text has a zero embedding
 * and a uniform no-context row.
 */
public interface ConversationContext {
    /** A short name for reports and provenance, e.g. the model id. */
    String name();

    /**
     * Per-turn probabilities with context.
     *
     * @param embeddings     per turn, the utterance embedding (all rows the same length)
     * @param speakerIds     per turn, the speaker's index (0-based, in order of first appearance)
     * @param withoutContext per turn, the no-context probabilities in canonical order
     * @return per turn, 7 probabilities in canonical order (each row finite, non-negative, summing to 1)
     */
    float[][] withContext(float[][] embeddings, int[] speakerIds, float[][] withoutContext);

    /**
     * The id of the text encoder whose embeddings this model was trained on (the
     * {@link io.github.emotion4j.core.Embedding#modelId()} it expects), or empty when any will do.
     * The analyser does not run a context model on embeddings of another encoder: they would
     * have the right length and silently mean something else.
     */
    default Optional<String> encoderId() {
        return Optional.empty();
    }

    /** The models this context model runs, for provenance (default none). */
    default List<ModelInfo> models() {
        return List.of();
    }
}
