package io.github.emotion4j.core.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded model ready to run. Implementations are thread-safe: {@link #run(Map)} may be called
 * from many threads at once. Closing is idempotent; sessions handed out by an
 * {@link EngineRuntime} are owned and closed by it.
 */
public interface InferenceSession extends AutoCloseable {
    /** The engine running this session. */
    EngineKind engine();

    /** The device it runs on, e.g. {@code "cpu"} or {@code "gpu:0"}. */
    String device();

    /** The model file. */
    Path modelFile();

    /**
     * The model file with its format and engine, for messages, e.g. {@code the TorchScript file
     * /m/model.pt (PyTorch engine)}: with two files for one model, it says whose file is bad.
     */
    default String describeFile() {
        String format = engine().format() == io.github.emotion4j.core.model.ModelFormat.TORCHSCRIPT ? "TorchScript"
                : engine().format().name();
        return "the " + format + " file " + modelFile() + " (" + engine().displayName() + " engine)";
    }

    /** Input names, in the order the model takes them. */
    List<String> inputNames();

    /** Output names, in the order the model returns them. */
    List<String> outputNames();

    /**
     * Runs the model.
     *
     * @param inputs tensors by input name
     * @return outputs by name, in {@link #outputNames()} order
     * @throws io.github.emotion4j.core.InferenceException when the engine fails; the message names the model
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs);

    /**
     * Threads one {@link #run} call uses on the CPU, or 0 when the engine spreads each call over
     * all cores (ONNX Runtime's default) or runs on a GPU. A caller with many independent inputs
     * can run about {@code cores / intraOpThreads()} calls side by side.
     */
    default int intraOpThreads() {
        return 0;
    }

    @Override
    void close();
}
