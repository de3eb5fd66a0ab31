package io.github.emotion4j.core.spi;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.List;

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
     * The options this provider reads, e.g. {@code vision.fps}. {@code EmotionRecognizer.Builder#build()}
     * rejects an option that no chosen provider declares, and a value its spec's parser rejects,
     * naming the valid keys. Default: none.
     */
    default List<OptionSpec<?>> options() {
        return List.of();
    }

    /**
     * Creates an analyser with the bundled default models (or the models the context names). Work it
     * does side by side goes to {@link AnalyzerContext#executor()}.
     *
     * @throws ModelLoadException when a model is missing, damaged or unreadable
     */
    ModalityAnalyzer create(AnalyzerContext context) throws ModelLoadException;
}
