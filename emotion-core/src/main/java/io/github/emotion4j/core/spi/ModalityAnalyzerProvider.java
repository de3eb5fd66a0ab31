package io.github.emotion4j.core.spi;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;

/**
 * A modality module's entry point, found with {@link java.util.ServiceLoader} (register it in
 * {@code META-INF/services/io.github.emotion4j.core.spi.ModalityAnalyzerProvider}). Core never
 * imports a modality module; it only sees these providers. When several providers serve one
 * modality, the highest {@link #rank()} wins unless one is chosen by name.
 */
public interface ModalityAnalyzerProvider {
    /** A short unique name, e.g. {@code "text-minilm"}. */
    String name();

    /** The modality served. */
    Modality modality();

    /** Preference among providers of one modality; higher wins. */
    default int rank() {
        return 0;
    }

    /**
     * Creates an analyser with the bundled default models (or the models the context names).
     *
     * @throws ModelLoadException when a model is missing, damaged or unreadable
     */
    ModalityAnalyzer create(AnalyzerContext context) throws ModelLoadException;
}
