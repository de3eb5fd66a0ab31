package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.ModelInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The analysis of one conversation. Immutable.
 *
 * @param id           the conversation's id
 * @param utterances   one result per utterance, in conversation order
 * @param contextModel the context model used, empty when none was (then with-context equals without)
 * @param stats        inertia and contagion of the predicted emotions (with context)
 * @param goldStats    the same figures from the gold labels, when every utterance has one
 * @param warnings     conversation-level warnings (empty conversation, no context model, text that
 *                     does not look English, ...)
 * @param models       the models that produced the result
 */
public record ConversationResult(String id, List<UtteranceResult> utterances, Optional<String> contextModel,
                                 ConversationStats stats, Optional<ConversationStats> goldStats, List<String> warnings,
                                 List<ModelInfo> models) {
    /** Checks the components and copies the lists. */
    public ConversationResult {
        Objects.requireNonNull(id, "id");
        utterances = List.copyOf(utterances);
        Objects.requireNonNull(contextModel, "contextModel");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(goldStats, "goldStats");
        warnings = List.copyOf(warnings);
        models = List.copyOf(models);
    }

    /** The speakers in order of their first turn. */
    public List<String> speakers() {
        return utterances.stream().map(UtteranceResult::speaker).distinct().toList();
    }

    /** One speaker's timeline: their utterances in order. */
    public List<UtteranceResult> timeline(String speaker) {
        Objects.requireNonNull(speaker, "speaker");
        return utterances.stream().filter(u -> u.speaker().equals(speaker)).toList();
    }
}
