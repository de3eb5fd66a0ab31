package io.github.emotion4j.core.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model cannot be used: its card or a file is missing, a checksum does not match, or the
 * engine cannot read it. The message names the model and the file and says what to do.
 */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ModelLoadException(String message) {
        this(message, null, null);
    }

    public ModelLoadException(String message, Path file) {
        this(message, file, null);
    }

    public ModelLoadException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file involved, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
