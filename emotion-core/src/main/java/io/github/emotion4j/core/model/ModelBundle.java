package io.github.emotion4j.core.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model whose card was read and whose files were found and verified against the card's
 * SHA-256 values.
 *
 * @param card      the card
 * @param directory folder holding the files (the model folder, or the extraction cache for
 *                  classpath models)
 * @param origin    where it was found, for messages: a path or {@code classpath:...}
 */
public record ModelBundle(ModelCard card, Path directory, String origin) {
    public ModelBundle {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(origin, "origin");
    }

    /** Path of a file the card lists. */
    public Path file(String name) {
        if (!card.files().containsKey(name)) {
            throw new IllegalArgumentException("model " + card.id() + " has no file '" + name + "'; it has "
                    + card.files().keySet());
        }
        return directory.resolve(name);
    }

    /** Path of the first file of a format, if the card lists one. */
    public Optional<Path> file(ModelFormat format) {
        return card.fileOf(format).map(directory::resolve);
    }

    /** The SHA-256 of a listed file (from the card; it was verified when the bundle was made). */
    public String sha256(String name) {
        return card.sha256().get(name);
    }
}
