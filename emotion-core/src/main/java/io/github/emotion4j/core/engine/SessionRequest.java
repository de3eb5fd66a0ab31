package io.github.emotion4j.core.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param weightOverrides float32 tensors that replace the file's initializers of the same name (a
 *                       fine-tuned copy of some weights, e.g. a merged low-rank adapter); empty for
 *                       none. An engine that cannot replace weights refuses a non-empty map;
 *                       ONNX Runtime ignores names that are not initializers of the file.
 */
public record SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                             ResolvedDevice device, int intraOpThreads, Map<String, Tensor> weightOverrides) {
    public SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                          ResolvedDevice device, int intraOpThreads) {
        this(modelId, file, inputNames, outputNames, device, intraOpThreads, Map.of());
    }

    public SessionRequest {
        weightOverrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weightOverrides));
        for (Map.Entry<String, Tensor> e : weightOverrides.entrySet()) {
            if (e.getValue().type() != Tensor.DataType.FLOAT32) {
                throw new IllegalArgumentException("weight override " + e.getKey() + " must be float32");
            }
        }
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
        return new SessionRequest(modelId, file, inputNames, outputNames, other, intraOpThreads, weightOverrides);
    }
}
