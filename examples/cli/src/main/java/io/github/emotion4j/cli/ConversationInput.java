package io.github.emotion4j.cli;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.text.conversation.ConversationAnalyzer;
import io.github.emotion4j.text.conversation.ConversationReader;
import java.util.Locale;
import java.util.Optional;

/** What {@code analyze --conversation} and {@code evaluate --modality conversation} share: the reader and the context model. */
final class ConversationInput {
    private ConversationInput() {
    }

    /** A reader with {@code --label-set} and {@code --max-turns} applied. */
    static ConversationReader reader(String labelSet, Integer maxTurns) {
        ConversationReader r = ConversationReader.defaults();
        if (labelSet != null) {
            r = r.withLabels(LabelSet.named(labelSet).orElseThrow(() -> new IllegalArgumentException("unknown label set '"
                    + labelSet + "'; known: " + LabelSet.named().stream().map(LabelSet::name).toList())));
        }
        if (maxTurns != null) {
            if (maxTurns < 1) {
                throw new IllegalArgumentException("--max-turns must be >= 1, was " + maxTurns);
            }
            r = r.withMaxTurns(maxTurns);
        }
        return r;
    }

    /**
     * {@code --context auto}: the classpath's context model for the recognizer's sentence encoder, if any;
     * {@code none}: no context model.
     */
    static Optional<ConversationContext> context(String choice, EmotionRecognizer recognizer) throws ModelLoadException {
        String c = choice == null ? "auto" : choice.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "auto" -> ConversationAnalyzer.classpathContext(recognizer);
            case "none" -> Optional.empty();
            default -> throw new IllegalArgumentException("--context must be auto or none, was '" + choice + "'");
        };
    }
}
