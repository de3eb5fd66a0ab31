package io.github.emotion4j.core.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EngineProvider} needs to open one model file.
 *
 * @param modelId        model id, for messages
 * @param file           the model file
 * @param inputNames     input order from the card (TorchScript takes inputs by position)
 * @param outputNames    output names from the card
 * @param device         where to run, after the selection rules
 * @param intraOpThreads threads one call may use inside the engine, or 0 for the engine's default
 *                       (ONNX Runtime honours it per session; libtorch's thread count is process-wide)
 */
public record SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                             ResolvedDevice device, int intraOpThreads) {
    public SessionRequest {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(file, "file");
        inputNames = List.copyOf(inputNames);
        outputNames = List.copyOf(outputNames);
        Objects.requireNonNull(device, "device");
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, was " + intraOpThreads);
        }
    }

    /** The same request on another device (used for the CPU fallback). */
    public SessionRequest on(ResolvedDevice other) {
        return new SessionRequest(modelId, file, inputNames, outputNames, other, intraOpThreads);
    }
}
