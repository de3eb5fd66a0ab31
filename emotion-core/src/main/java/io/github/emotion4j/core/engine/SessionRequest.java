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
 * @param modelBytes     null to load {@code file}; else the serialised model to load instead of the
 *                       file's content: a model derived from the file in memory (e.g. its graph cut
 *                       after some layers), with {@code file} still naming where it came from. An
 *                       engine that cannot load a model from memory refuses it. Not copied: the
 *                       caller hands it over and does not change it afterwards.
 */
public record SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                             ResolvedDevice device, int intraOpThreads, Map<String, Tensor> weightOverrides,
                             byte[] modelBytes) {
    public SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                          ResolvedDevice device, int intraOpThreads) {
        this(modelId, file, inputNames, outputNames, device, intraOpThreads, Map.of(), null);
    }

    public SessionRequest(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                          ResolvedDevice device, int intraOpThreads, Map<String, Tensor> weightOverrides) {
        this(modelId, file, inputNames, outputNames, device, intraOpThreads, weightOverrides, null);
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
        return new SessionRequest(modelId, file, inputNames, outputNames, other, intraOpThreads, weightOverrides, modelBytes);
    }
}
