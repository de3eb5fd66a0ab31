package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.model.ModelFormat;
import java.util.Locale;

/** The two inference engines and the file format each runs. */
public enum EngineKind {
    /** ONNX Runtime, runs ONNX files. */
    ONNX_RUNTIME("OnnxRuntime", ModelFormat.ONNX),
    /** DJL on the PyTorch engine, runs TorchScript files. */
    PYTORCH("PyTorch", ModelFormat.TORCHSCRIPT);

    private final String displayName;
    private final ModelFormat format;

    EngineKind(String displayName, ModelFormat format) {
        this.displayName = displayName;
        this.format = format;
    }

    /** Name used in provenance, e.g. {@code "OnnxRuntime"}. */
    public String displayName() {
        return displayName;
    }

    /** The model format this engine runs. */
    public ModelFormat format() {
        return format;
    }

    /** Parses {@code onnx}, {@code ort}, {@code onnxruntime}, {@code pytorch}, {@code torch} or {@code djl}. */
    public static EngineKind parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return switch (t) {
            case "onnx", "ort", "onnxruntime" -> ONNX_RUNTIME;
            case "pytorch", "torch", "djl", "torchscript" -> PYTORCH;
            default -> throw new IllegalArgumentException("Unknown engine '" + text + "'; use onnxruntime or pytorch");
        };
    }
}
