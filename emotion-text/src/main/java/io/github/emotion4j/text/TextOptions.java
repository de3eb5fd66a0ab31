package io.github.emotion4j.text;

import io.github.emotion4j.core.spi.AnalyzerContext;

/**
 * Options of the text analyser, read from {@code EmotionRecognizer.Builder#option}:
 * {@code text.batchSize} (chunks per model call, default 32) and {@code text.maxChars}
 * (longest text analysed, default 100,000 characters; longer input is cut with a warning).
 *
 * @param batchSize chunks per model call
 * @param maxChars  longest text analysed
 */
public record TextOptions(int batchSize, int maxChars) {
    /** Option key of the batch size. */
    public static final String BATCH_SIZE = "text.batchSize";
    /** Option key of the character limit. */
    public static final String MAX_CHARS = "text.maxChars";
    /** The defaults. */
    public static final TextOptions DEFAULTS = new TextOptions(32, 100_000);

    public TextOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException(BATCH_SIZE + " must be >= 1, was " + batchSize);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException(MAX_CHARS + " must be >= 1, was " + maxChars);
        }
    }

    /** Options from a context, defaults for what it does not set. */
    public static TextOptions of(AnalyzerContext ctx) {
        return new TextOptions((int) ctx.option(BATCH_SIZE, DEFAULTS.batchSize),
                (int) ctx.option(MAX_CHARS, DEFAULTS.maxChars));
    }
}
