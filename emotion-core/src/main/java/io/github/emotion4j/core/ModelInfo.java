package io.github.emotion4j.core;

import java.util.Objects;

/**
 * Which model produced a result and how it ran.
 *
 * @param id      model id from its card
 * @param version model version from its card
 * @param sha256  SHA-256 of the model file that ran
 * @param engine  engine name, e.g. {@code "OnnxRuntime"} or {@code "PyTorch"} ({@code "java"} for pure-Java code)
 * @param device  device it ran on, e.g. {@code "cpu"} or {@code "gpu:0"}
 */
public record ModelInfo(String id, String version, String sha256, String engine, String device) {
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
    }
}
