package io.github.emotion4j.core.spi;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider gets to build an analyser: the shared engine runtime (sessions and devices),
 * optional model folders chosen by the user, and free-form options such as {@code vision.fps}.
 *
 * @param runtime      shared engines; sessions opened through it are closed with the recognizer
 * @param modelFolders user-chosen model folders per modality
 * @param options      options by key, e.g. {@code vision.fps=4}, {@code audio.vad=silero}
 */
public record AnalyzerContext(EngineRuntime runtime, Map<Modality, Path> modelFolders, Map<String, String> options) {
    public AnalyzerContext {
        Objects.requireNonNull(runtime, "runtime");
        modelFolders = Map.copyOf(modelFolders);
        options = Map.copyOf(options);
    }

    /** The user's model folder for a modality, if any. */
    public Optional<Path> modelFolder(Modality modality) {
        return Optional.ofNullable(modelFolders.get(modality));
    }

    /** An option's value, if set. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** An option parsed as a double, or the default. */
    public double option(String key, double defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a number, was '" + v + "'", e);
        }
    }
}
