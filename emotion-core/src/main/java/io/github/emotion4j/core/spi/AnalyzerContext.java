package io.github.emotion4j.core.spi;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a provider gets to build an analyser: the shared engine runtime (sessions and devices),
 * optional model folders chosen by the user, options such as {@code vision.fps} (already checked
 * against the provider's {@link ModalityAnalyzerProvider#options()} when the recognizer builds the
 * context; read them with {@link OptionSpec#from(AnalyzerContext)}), and the executor for work
 * done side by side.
 *
 * <p>The executor is the recognizer's: shared by every analyser and every caller, possibly with
 * a single thread. Hand work to it with {@link ClaimableTask}, so a thread never waits for work
 * that has not started; never shut it down.
 *
 * @param runtime      shared engines; sessions opened through it are closed with the recognizer
 * @param modelFolders user-chosen model folders per modality
 * @param options      options by key, e.g. {@code vision.fps=4}, {@code audio.vad=silero}
 * @param executor     runs work side by side; shared, never shut down by analysers
 */
public record AnalyzerContext(EngineRuntime runtime, Map<Modality, Path> modelFolders, Map<String, String> options,
                              Executor executor) {
    /** Runs each task at once on the thread that hands it over. */
    public static final Executor CALLING_THREAD = Runnable::run;

    /** Checks the components and copies the mutable ones. */
    public AnalyzerContext {
        Objects.requireNonNull(runtime, "runtime");
        modelFolders = Map.copyOf(modelFolders);
        options = Map.copyOf(options);
        Objects.requireNonNull(executor, "executor");
    }

    /** A context whose work all runs on the calling thread ({@link #CALLING_THREAD}). */
    public AnalyzerContext(EngineRuntime runtime, Map<Modality, Path> modelFolders, Map<String, String> options) {
        this(runtime, modelFolders, options, CALLING_THREAD);
    }

    /** The user's model folder for a modality, if any. */
    public Optional<Path> modelFolder(Modality modality) {
        return Optional.ofNullable(modelFolders.get(modality));
    }

    /** An option's value, if set. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** An option parsed by its spec, else the spec's default. */
    public <T> T option(OptionSpec<T> spec) {
        return spec.from(this);
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
