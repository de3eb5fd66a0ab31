package io.github.emotion4j.text.encoder;

import java.util.Locale;

/** How a model's per-token output becomes one vector per text. */
public enum Pooling {
    /** Mean of the token vectors under the attention mask (sentence transformers). */
    MEAN,
    /** The first token's vector ({@code [CLS]} / {@code <s>}). */
    CLS,
    /** The output is already one vector per text (e.g. classifier logits {@code [batch, classes]}). */
    NONE;

    /** Parses {@code mean}, {@code cls} or {@code none}. */
    public static Pooling parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pooling must be mean, cls or none, was '" + text + "'", e);
        }
    }
}
