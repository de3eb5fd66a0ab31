package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.List;

/** One engine: reports GPUs and opens sessions. Implementations are package-private. */
interface InferenceEngine {
    EngineKind kind();

    /** Whether the engine can use a GPU on this machine. */
    boolean gpuAvailable();

    /**
     * Opens a model file.
     *
     * @param modelId     model id for messages
     * @param file        the model file
     * @param inputNames  input order from the card (needed by TorchScript, which takes inputs by position)
     * @param outputNames output names from the card
     * @param device      where to run
     * @param intraOpThreads threads one call may use inside the engine, or 0 for the engine's default
     *                    (ONNX Runtime honours it per session; libtorch's thread count is process-wide)
     */
    InferenceSession open(String modelId, Path file, List<String> inputNames, List<String> outputNames,
                          ResolvedDevice device, int intraOpThreads) throws ModelLoadException;
}
