package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.model.ModelFormat;
import java.util.Locale;

/**
 * The two inference engines, the file format each runs and the artifact that provides it. Core
 * holds neither: each comes as a plug-in ({@link EngineProvider}) in its own artifact.
 */
public enum EngineKind {
    /** ONNX Runtime, runs ONNX files; artifact {@code io.github.emotion4j:emotion-engine-onnxruntime}. */
    ONNX_RUNTIME("OnnxRuntime", ModelFormat.ONNX, "io.github.emotion4j:emotion-engine-onnxruntime",
            "(the modality modules bring it)"),
    /** DJL on the PyTorch engine, runs TorchScript files; artifact {@code io.github.emotion4j:emotion-engine-pytorch}. */
    PYTORCH("PyTorch", ModelFormat.TORCHSCRIPT, "io.github.emotion4j:emotion-engine-pytorch",
            "plus one libtorch native: ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64) or "
                    + "pytorch-native-cu128 for CUDA");

    private final String displayName;
    private final ModelFormat format;
    private final String artifact;
    private final String artifactNote;

    EngineKind(String displayName, ModelFormat format, String artifact, String artifactNote) {
        this.displayName = displayName;
        this.format = format;
        this.artifact = artifact;
        this.artifactNote = artifactNote;
    }

    /** The Maven coordinates ({@code groupId:artifactId}) of the artifact that provides this engine. */
    public String artifact() {
        return artifact;
    }

    /** What to add to the classpath to get this engine, for error messages. */
    public String howToAdd() {
        return "add the dependency " + artifact + " " + artifactNote;
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
