package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.spi.CloseGuard;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The common part of an engine's session: identity (model, file, engine, device, input and output
 * names) and a {@link CloseGuard}, so that {@link #close()} waits for the calls in flight before
 * the engine frees its native session. Engines implement {@link #runGuarded} and {@link #release}.
 * Thread-safe when {@code runGuarded} is.
 */
public abstract class GuardedSession implements InferenceSession {
    private final EngineKind engine;
    private final String modelId;
    private final Path file;
    private final String device;
    private final List<String> inputs;
    private final List<String> outputs;
    private final CloseGuard guard;

    /**
     * @param engine  the engine running the session
     * @param modelId model id, for messages
     * @param file    the model file
     * @param device  {@code "cpu"} or {@code "gpu:N"}
     * @param inputs  input names in the order the model takes them
     * @param outputs output names in the order the model returns them
     */
    protected GuardedSession(EngineKind engine, String modelId, Path file, String device, List<String> inputs,
                             List<String> outputs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.file = Objects.requireNonNull(file, "file");
        this.device = Objects.requireNonNull(device, "device");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.guard = new CloseGuard("session for model '" + modelId + "'");
    }

    /** The model id, for messages. */
    protected final String modelId() {
        return modelId;
    }

    @Override
    public final EngineKind engine() {
        return engine;
    }

    @Override
    public final String device() {
        return device;
    }

    @Override
    public final Path modelFile() {
        return file;
    }

    @Override
    public final List<String> inputNames() {
        return inputs;
    }

    @Override
    public final List<String> outputNames() {
        return outputs;
    }

    /**
     * Runs the model inside the close guard: the native session stays alive until this returns.
     *
     * @throws IllegalStateException when the session is closed
     */
    @Override
    public final Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return guard.call(() -> runGuarded(inputs));
    }

    /** Refuses new calls, waits for the calls in flight, then {@linkplain #release() frees} the natives once. */
    @Override
    public final void close() {
        if (guard.closeAndAwait()) {
            release();
        }
    }

    /** One model call; no {@link #close()} can free the natives while it runs. */
    protected abstract Map<String, Tensor> runGuarded(Map<String, Tensor> inputs);

    /** Frees the engine's native session; called once, after the last call left. */
    protected abstract void release();

    @Override
    public String toString() {
        return engine.displayName() + " session " + modelId + " on " + device;
    }
}
