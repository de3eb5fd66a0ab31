package io.github.emotion4j.core.fusion;

/**
 * Supplies a named fusion strategy through {@link java.util.ServiceLoader}; the
 * {@code emotion-fusion} module registers its trained strategies this way, and
 * {@link Fusions#named(String)} finds them.
 */
public interface FusionProvider {
    /** Name used with {@link Fusions#named(String)}, e.g. {@code "attention"}. */
    String name();

    /** Creates the strategy with its default (bundled) weights. */
    FusionStrategy create();
}
