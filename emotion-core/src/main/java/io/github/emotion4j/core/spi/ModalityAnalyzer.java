package io.github.emotion4j.core.spi;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModelInfo;
import java.io.IOException;
import java.util.List;

/**
 * Reads one modality from an input: decodes, encodes, classifies. Implementations must be
 * thread-safe; {@link #close()} is idempotent and releases native resources (sessions opened
 * through the {@link AnalyzerContext}'s runtime are closed by the runtime).
 */
public interface ModalityAnalyzer extends AutoCloseable {
    /** The modality this analyser reads. */
    Modality modality();

    /** Whether this analyser has something to read in the input (a text module accepts inputs with a transcript). */
    boolean accepts(MediaInput input);

    /**
     * Analyses the input.
     *
     * @return a result; when there is nothing to judge (no face, silence, empty text) a result
     *         without distribution and with a warning saying so
     * @throws io.github.emotion4j.core.MediaDecodeException when the media cannot be read
     */
    ModalityResult analyze(MediaInput input) throws IOException;

    /** The models this analyser runs. */
    List<ModelInfo> models();

    @Override
    void close();
}
