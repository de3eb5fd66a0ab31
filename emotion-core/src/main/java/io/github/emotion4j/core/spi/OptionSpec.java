package io.github.emotion4j.core.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One option a provider understands, e.g. {@code vision.fps}: its key, what it does, its default
 * and the parser that turns a value into a {@code T} (throwing {@link IllegalArgumentException}
 * for a bad value). {@code EmotionRecognizer.Builder#build()} checks every option it was given
 * against the specs of the chosen providers ({@link ModalityAnalyzerProvider#options()}), so a
 * misspelt key or a bad value fails before any model is loaded; providers read values with
 * {@link #from(AnalyzerContext)}, which uses the same parser.
 *
 * @param key          the option key, e.g. {@code vision.fps}
 * @param description  what it does and which values it takes, e.g. {@code frames per second, 0 = every frame}
 * @param defaultValue the value used when the option is not set
 * @param shownDefault the default as the user would write it (for listings), e.g. {@code 4}
 * @param parser       turns a value into a {@code T}; throws {@link IllegalArgumentException} when it is bad
 * @param <T>          the parsed type
 */
public record OptionSpec<T>(String key, String description, T defaultValue, String shownDefault,
                            Function<String, ? extends T> parser) {
    public OptionSpec {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || !key.strip().equals(key)) {
            throw new IllegalArgumentException("option key must be non-blank without surrounding spaces, was '" + key + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(shownDefault, "shownDefault");
        Objects.requireNonNull(parser, "parser");
    }

    /** A spec whose default is shown with {@link String#valueOf(Object)}. */
    public static <T> OptionSpec<T> of(String key, String description, T defaultValue, Function<String, ? extends T> parser) {
        return new OptionSpec<>(key, description, defaultValue, show(defaultValue), parser);
    }

    /** A number in {@code [min, max]}. */
    public static OptionSpec<Double> number(String key, String description, double defaultValue, double min, double max) {
        return of(key, description, defaultValue, s -> {
            double v = parseDouble(s);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("must be in [" + show(min) + ", " + show(max) + "]");
            }
            return v;
        });
    }

    /** A whole number of at least {@code min}. */
    public static OptionSpec<Integer> integer(String key, String description, int defaultValue, int min) {
        return of(key, description, defaultValue, s -> {
            int v;
            try {
                v = Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number", e);
            }
            if (v < min) {
                throw new IllegalArgumentException("must be >= " + min);
            }
            return v;
        });
    }

    /** One of an enum's constants, written in any case. */
    public static <E extends Enum<E>> OptionSpec<E> oneOf(String key, String description, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        return new OptionSpec<>(key, description, defaultValue, defaultValue.name().toLowerCase(Locale.ROOT),
                s -> enumValue(type, s));
    }

    /** A constant of {@code type} named by {@code s} in any case; the message lists the constants. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String s) {
        try {
            return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT), e);
        }
    }

    /**
     * Parses a value.
     *
     * @throws IllegalArgumentException naming the key, the value and what is expected
     */
    public T parse(String value) {
        Objects.requireNonNull(value, "value");
        try {
            T v = parser.apply(value);
            if (v == null) {
                throw new IllegalArgumentException("no value");
            }
            return v;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option " + key + "='" + value + "': " + e.getMessage()
                    + " (" + description + ")", e);
        }
    }

    /** The value set in a context, parsed, else the default. */
    public T from(AnalyzerContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        Optional<String> v = ctx.option(key);
        return v.isPresent() ? parse(v.get()) : defaultValue;
    }

    /** {@code key (description; default shownDefault)}, for error messages and listings. */
    public String describe() {
        return key + " (" + description + "; default " + shownDefault + ")";
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number", e);
        }
    }

    private static String show(Object v) {
        if (v instanceof Optional<?> o) {
            return o.map(OptionSpec::show).orElse("none");
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(v);
    }
}
