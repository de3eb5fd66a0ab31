package io.github.emotion4j.core.label;

import java.util.List;
import java.util.Locale;

/**
 * The emotion categories emotion4j speaks in.
 *
 * <p>The first seven constants are the canonical set (Ekman's six basic emotions plus neutral);
 * {@link #CONTEMPT}, {@link #BOREDOM} and {@link #OTHER} are extensions some corpora use. Every
 * model's own label words are mapped onto these through a {@link LabelSet}.
 */
public enum Emotion {
    ANGER, DISGUST, FEAR, HAPPINESS, SADNESS, SURPRISE, NEUTRAL,
    CONTEMPT, BOREDOM, OTHER;

    /** The canonical seven, in declaration order. */
    public static final List<Emotion> CANONICAL =
            List.of(ANGER, DISGUST, FEAR, HAPPINESS, SADNESS, SURPRISE, NEUTRAL);

    /** Whether this is one of the canonical seven. */
    public boolean isCanonical() {
        return ordinal() <= NEUTRAL.ordinal();
    }

    /** The lower-case word used in JSON and reports, e.g. {@code "happiness"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label word or synonym; see {@link EmotionLabels#parse(String)}. */
    public static Emotion parse(String word) {
        return EmotionLabels.parse(word);
    }
}
