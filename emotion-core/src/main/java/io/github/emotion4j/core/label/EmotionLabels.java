package io.github.emotion4j.core.label;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Parses the label words that datasets and models use ("angry", "joy", "fearful", "calm", ...)
 * into {@link Emotion}s.
 *
 * <p>Matching ignores case, surrounding blanks, and {@code -}/{@code _} separators. Unknown
 * words are rejected with an {@link UnknownLabelException} that lists the accepted words.
 */
public final class EmotionLabels {
    private static final Map<String, Emotion> WORDS;

    static {
        Map<String, Emotion> m = new HashMap<>();
        put(m, Emotion.ANGER, "anger", "angry", "ang", "mad", "rage", "furious", "annoyed", "annoyance");
        put(m, Emotion.DISGUST, "disgust", "disgusted", "dis", "disgusting");
        put(m, Emotion.FEAR, "fear", "fearful", "afraid", "scared", "fea", "anxious", "anxiety");
        put(m, Emotion.HAPPINESS, "happiness", "happy", "hap", "joy", "joyful", "exc", "excited",
                "excitement", "pleased", "glad");
        put(m, Emotion.SADNESS, "sadness", "sad", "sorrow", "unhappy", "grief");
        put(m, Emotion.SURPRISE, "surprise", "surprised", "sur", "astonished", "amazed");
        put(m, Emotion.NEUTRAL, "neutral", "neu", "calm", "none");
        put(m, Emotion.CONTEMPT, "contempt", "contemptuous", "con");
        put(m, Emotion.BOREDOM, "boredom", "bored", "bor");
        put(m, Emotion.OTHER, "other", "unknown", "oth", "unk");
        WORDS = Collections.unmodifiableMap(m);
    }

    private EmotionLabels() {
    }

    private static void put(Map<String, Emotion> m, Emotion e, String... words) {
        for (String w : words) {
            m.put(w, e);
        }
    }

    private static String normalise(String word) {
        return word.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
    }

    /**
     * Parses a word.
     *
     * @throws UnknownLabelException if the word is not a known emotion or synonym
     */
    public static Emotion parse(String word) {
        Objects.requireNonNull(word, "word");
        return find(word).orElseThrow(() -> new UnknownLabelException(word,
                "Unknown emotion label '" + word + "'. Accepted words: " + new TreeSet<>(WORDS.keySet())
                        + ". Map other label words with LabelSet.custom(name, labels, mapping)."));
    }

    /** Parses a word, or returns empty when it is not known. */
    public static Optional<Emotion> find(String word) {
        Objects.requireNonNull(word, "word");
        return Optional.ofNullable(WORDS.get(normalise(word)));
    }
}
