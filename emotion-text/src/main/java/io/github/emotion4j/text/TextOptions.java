package io.github.emotion4j.text;

import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.OptionSpec;
import java.util.List;

/**
 * Options of the text analyser, set with {@code EmotionRecognizer.Builder#option} and checked at
 * {@code build()} against {@link #SPECS}:
 * <ul>
 *   <li>{@code text.batchSize} — chunks per model call (default 32);</li>
 *   <li>{@code text.maxChars} — longest text analysed (default 100,000 characters; longer input
 *       is cut with a warning).</li>
 * </ul>
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

    private static final OptionSpec<Integer> BATCH_SIZE_SPEC =
            OptionSpec.integer(BATCH_SIZE, "chunks per model call", DEFAULTS.batchSize, 1);
    private static final OptionSpec<Integer> MAX_CHARS_SPEC =
            OptionSpec.integer(MAX_CHARS, "longest text analysed, in characters; longer input is cut with a warning",
                    DEFAULTS.maxChars, 1);
    /** The options the text provider declares. */
    public static final List<OptionSpec<?>> SPECS = List.of(BATCH_SIZE_SPEC, MAX_CHARS_SPEC);

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
        return new TextOptions(BATCH_SIZE_SPEC.from(ctx), MAX_CHARS_SPEC.from(ctx));
    }
}
