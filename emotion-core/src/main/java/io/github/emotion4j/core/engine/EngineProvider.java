package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Set;

/**
 * An inference engine as a plug-in, found with {@link java.util.ServiceLoader} (register it in
 * {@code META-INF/services/io.github.emotion4j.core.engine.EngineProvider}), the way DJL finds
 * its {@code EngineProvider}s. Core holds no engine: {@code emotion-engine-onnxruntime} and
 * {@code emotion-engine-pytorch} each register one. When several providers implement one
 * {@link EngineKind}, the highest {@link #rank()} wins.
 *
 * <p>Implementations need a public no-argument constructor, must be thread-safe, and must not
 * touch their native library before {@link #gpuAvailable()} or {@link #open} is called.
 */
public interface EngineProvider {
    /** The engine this provider implements. */
    EngineKind kind();

    /** Name used in provenance and logs, e.g. {@code "OnnxRuntime"}. */
    default String name() {
        return kind().displayName();
    }

    /** Preference among providers of one kind; higher wins. */
    default int rank() {
        return 0;
    }

    /** The model file formats this engine reads. */
    default Set<ModelFormat> formats() {
        return Set.of(kind().format());
    }

    /** Whether the engine can use a GPU on this machine (false when its native library cannot start). */
    boolean gpuAvailable();

    /**
     * Opens a model file.
     *
     * @throws ModelLoadException when the file cannot be loaded or the native library cannot start
     */
    InferenceSession open(SessionRequest request) throws ModelLoadException;
}
