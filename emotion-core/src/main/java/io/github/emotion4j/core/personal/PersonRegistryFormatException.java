package io.github.emotion4j.core.personal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A person registry file that cannot be read: not JSON, another format or version, a missing or
 * bad field. The message names the file and, where known, the line and column.
 */
public class PersonRegistryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file, when the registry came from one. */
    private final transient Path file;

    /**
     * @param message what is wrong, with the file and position
     * @param file    the file, or null for a stream
     * @param cause   the parser's exception, or null
     */
    public PersonRegistryFormatException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file, when the registry came from one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
