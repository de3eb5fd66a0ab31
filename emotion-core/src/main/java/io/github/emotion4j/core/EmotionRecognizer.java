package io.github.emotion4j.core;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.internal.TimelineFusion;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Recognises emotion in media: runs each modality that has something to read, fuses their
 * distributions and builds a timeline.
 *
 * <pre>{@code
 * try (EmotionRecognizer recognizer = EmotionRecognizer.builder()
 *         .withDefaultModels()
 *         .fusion(Fusions.probabilityGuided())
 *         .device(Device.auto())
 *         .build()) {
 *     EmotionPrediction p = recognizer.predict(MediaInput.ofText("What a lovely surprise!"));
 *     System.out.println(p.fused().top());
 * }
 * }</pre>
 *
 * <p>Thread-safe: one recognizer may serve many threads. {@link #close()} releases every model
 * session and is idempotent.
 */
public final class EmotionRecognizer implements AutoCloseable {
    /** The library version recorded in every prediction's provenance. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final EngineRuntime runtime;
    private final Map<Modality, ModalityAnalyzer> analyzers;
    private final FusionStrategy fusion;
    private final boolean strictDecoding;
    private volatile boolean closed;

    private EmotionRecognizer(EngineRuntime runtime, Map<Modality, ModalityAnalyzer> analyzers, FusionStrategy fusion,
                              boolean strictDecoding) {
        this.strictDecoding = strictDecoding;
        this.runtime = runtime;
        this.analyzers = analyzers;
        this.fusion = fusion;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The modalities this recognizer reads. */
    public Set<Modality> modalities() {
        return analyzers.isEmpty() ? Set.of() : EnumSet.copyOf(analyzers.keySet());
    }

    /** The fusion strategy. */
    public FusionStrategy fusion() {
        return fusion;
    }

    /** The analyser of one modality, if configured. */
    public Optional<ModalityAnalyzer> analyzer(Modality modality) {
        return Optional.ofNullable(analyzers.get(modality));
    }

    /** The models every analyser runs. */
    public List<ModelInfo> models() {
        List<ModelInfo> out = new ArrayList<>();
        analyzers.values().forEach(a -> out.addAll(a.models()));
        return List.copyOf(out);
    }

    /**
     * Analyses one input.
     *
     * @throws UnsupportedMediaException when no configured modality can read the input, or the file
     *                                   holds no stream any of them reads (a video without audio for
     *                                   an audio-only recognizer); a stream missing while another
     *                                   modality reads the file is a warning of that modality
     * @throws MediaDecodeException      when the media is corrupt, empty or unreadable, or, with
     *                                   {@link Builder#strictDecoding()}, looks truncated
     * @throws IOException               when the file cannot be read
     */
    public EmotionPrediction predict(MediaInput input) throws IOException {
        Objects.requireNonNull(input, "input");
        if (closed) {
            throw new IllegalStateException("recognizer is closed");
        }
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        for (ModalityAnalyzer a : analyzers.values()) {
            if (a.accepts(input)) {
                results.put(a.modality(), a.analyze(input));
            }
        }
        if (results.isEmpty()) {
            throw new UnsupportedMediaException(input.describe(), "no configured modality can read this "
                    + input.kind().name().toLowerCase(java.util.Locale.ROOT) + " input; configured: " + modalities()
                    + ". Add emotion-vision for images and video, emotion-audio for sound, emotion-text for text,"
                    + " or pass a transcript.");
        }
        if (input.file().isPresent() && results.values().stream()
                .allMatch(r -> r.details().getOrDefault(TruncationCheck.NO_STREAM, 0.0) > 0)) {
            List<String> why = new ArrayList<>();
            results.forEach((m, r) -> r.warnings().forEach(w -> why.add(m.word() + ": " + w)));
            throw new UnsupportedMediaException(input.describe(), "no stream that a configured modality reads ("
                    + String.join("; ", why) + "); configured: " + modalities());
        }
        if (strictDecoding) {
            for (Map.Entry<Modality, ModalityResult> e : results.entrySet()) {
                if (e.getValue().details().getOrDefault(TruncationCheck.DETAIL, 0.0) > 0) {
                    String why = e.getValue().warnings().stream().filter(w -> w.startsWith(TruncationCheck.TRUNCATED))
                            .findFirst().orElse(TruncationCheck.TRUNCATED);
                    throw new MediaDecodeException(input.describe(), e.getKey().word() + ": " + why
                            + " (strict decoding)");
                }
            }
        }
        return assemble(results);
    }

    private EmotionPrediction assemble(Map<Modality, ModalityResult> results) {
        Map<Modality, ModalityResult> evidence = new EnumMap<>(Modality.class);
        results.forEach((m, r) -> {
            if (r.hasEvidence()) {
                evidence.put(m, r);
            }
        });
        List<String> warnings = new ArrayList<>();
        results.forEach((m, r) -> r.warnings().forEach(w -> warnings.add(m.word() + ": " + w)));
        FusionResult fused;
        Dimensions dims;
        if (evidence.isEmpty()) {
            EmotionDistribution uniform = EmotionDistribution.uniform(Emotion.CANONICAL);
            fused = new FusionResult(fusion.name(), uniform, Map.of(), 0, Optional.empty());
            dims = new Dimensions(0, 0, 0);
            warnings.add("no modality found anything to judge; the fused distribution is uniform");
        } else {
            fused = fusion.fuse(evidence);
            dims = weightedDimensions(evidence, fused);
        }
        List<Cue> cues = new ArrayList<>();
        List<ModelInfo> models = new ArrayList<>();
        results.values().forEach(r -> {
            cues.addAll(r.cues());
            models.addAll(r.models());
        });
        List<Segment> timeline = TimelineFusion.fuse(results, fusion);
        return new EmotionPrediction(fused.distribution(), dims, results, timeline, cues, warnings, fused,
                new Provenance(models, VERSION));
    }

    private static Dimensions weightedDimensions(Map<Modality, ModalityResult> evidence, FusionResult fused) {
        double v = 0;
        double a = 0;
        double d = 0;
        double total = 0;
        for (Map.Entry<Modality, ModalityResult> e : evidence.entrySet()) {
            double w = fused.weights().getOrDefault(e.getKey(), 0.0);
            Dimensions x = e.getValue().dimensions().orElseGet(() -> e.getValue().distribution().orElseThrow().dimensions());
            v += w * x.valence();
            a += w * x.arousal();
            d += w * x.dominance();
            total += w;
        }
        if (total <= 0) {
            return fused.distribution().dimensions();
        }
        return new Dimensions(clamp(v / total), clamp(a / total), clamp(d / total));
    }

    private static double clamp(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /** Closes every analyser and model session. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        analyzers.values().forEach(ModalityAnalyzer::close);
        runtime.close();
    }

    /**
     * Configures a recognizer. Each option may be set once; {@link #build()} checks the
     * combination. Not thread-safe.
     */
    public static final class Builder {
        private boolean defaults;
        private final List<ModalityAnalyzerProvider> providers = new ArrayList<>();
        private Set<Modality> only;
        private FusionStrategy fusion;
        private Device device;
        private EngineKind engine;
        private final Map<Modality, Path> modelFolders = new EnumMap<>(Modality.class);
        private final Map<String, String> options = new LinkedHashMap<>();
        private boolean strictDecoding;

        private Builder() {
        }

        /** Uses every modality module on the classpath with its bundled models. */
        public Builder withDefaultModels() {
            defaults = true;
            return this;
        }

        /** Adds a provider explicitly (replaces a classpath provider of the same modality). */
        public Builder provider(ModalityAnalyzerProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Restricts the recognizer to these modalities. */
        public Builder modalities(Modality... modalities) {
            if (only != null) {
                throw new IllegalStateException("modalities already set to " + only);
            }
            if (modalities.length == 0) {
                throw new IllegalArgumentException("name at least one modality");
            }
            only = EnumSet.of(modalities[0], modalities);
            return this;
        }

        /** The fusion strategy (default {@link Fusions#probabilityGuided()}). */
        public Builder fusion(FusionStrategy strategy) {
            if (fusion != null) {
                throw new IllegalStateException("fusion already set to " + fusion.name());
            }
            fusion = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** The device (default: {@code -Demotion4j.device}, {@code EMOTION4J_DEVICE}, else auto). */
        public Builder device(Device d) {
            if (device != null) {
                throw new IllegalStateException("device already set to " + device);
            }
            device = Objects.requireNonNull(d, "device");
            return this;
        }

        /** The preferred engine (default: {@code -Demotion4j.engine}, {@code EMOTION4J_ENGINE}, else per model). */
        public Builder engine(EngineKind e) {
            if (engine != null) {
                throw new IllegalStateException("engine already set to " + engine);
            }
            engine = Objects.requireNonNull(e, "engine");
            return this;
        }

        /** Uses a model folder (with {@code model.properties}) instead of the bundled model of a modality. */
        public Builder model(Modality modality, Path folder) {
            Objects.requireNonNull(modality, "modality");
            Objects.requireNonNull(folder, "folder");
            if (modelFolders.putIfAbsent(modality, folder) != null) {
                throw new IllegalStateException("model folder for " + modality + " already set");
            }
            return this;
        }

        /**
         * Makes a file that looks truncated an error: {@link #predict(MediaInput)} throws
         * {@link MediaDecodeException} instead of returning a result with the warning
         * "file looks truncated: decoded X s of Y s declared" (the default). Applies to every
         * modality that decodes media (audio, video); the decoders' own {@code strict} flags
         * ({@code AudioDecoder.open(file, true)}, {@code VideoReader.open(file, fps, true)}) do
         * the same for direct users.
         */
        public Builder strictDecoding() {
            if (strictDecoding) {
                throw new IllegalStateException("strictDecoding already set");
            }
            strictDecoding = true;
            return this;
        }

        /** A module option, e.g. {@code option("vision.fps", "4")}. */
        public Builder option(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (options.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("option " + key + " already set");
            }
            return this;
        }

        /**
         * Loads the models and builds the recognizer.
         *
         * @throws ModelLoadException        when a model is missing, damaged or unreadable
         * @throws IllegalStateException     when no modality is configured or available
         * @throws DeviceUnavailableException when a GPU is demanded and absent
         */
        public EmotionRecognizer build() throws ModelLoadException {
            Map<Modality, ModalityAnalyzerProvider> chosen = new EnumMap<>(Modality.class);
            if (defaults) {
                List<ModalityAnalyzerProvider> found = new ArrayList<>();
                ServiceLoader.load(ModalityAnalyzerProvider.class).forEach(found::add);
                found.sort(Comparator.comparingInt(ModalityAnalyzerProvider::rank).reversed());
                for (ModalityAnalyzerProvider p : found) {
                    chosen.putIfAbsent(p.modality(), p);
                }
            }
            for (ModalityAnalyzerProvider p : providers) {
                chosen.put(p.modality(), p);
            }
            if (only != null) {
                chosen.keySet().retainAll(only);
                Set<Modality> missing = EnumSet.copyOf(only);
                missing.removeAll(chosen.keySet());
                if (!missing.isEmpty()) {
                    throw new IllegalStateException("no module on the classpath reads " + missing
                            + "; add " + moduleHint(missing));
                }
            }
            if (chosen.isEmpty()) {
                throw new IllegalStateException(defaults
                        ? "withDefaultModels() found no modality module on the classpath; add emotion-text, "
                        + "emotion-audio or emotion-vision"
                        : "nothing to run: call withDefaultModels() or provider(...)");
            }
            for (Modality m : modelFolders.keySet()) {
                if (!chosen.containsKey(m)) {
                    throw new IllegalStateException("a model folder was given for " + m + " but that modality is not configured");
                }
            }
            EngineRuntime runtime = EngineRuntime.create(Optional.ofNullable(device), Optional.ofNullable(engine));
            Map<Modality, ModalityAnalyzer> analyzers = new EnumMap<>(Modality.class);
            try {
                AnalyzerContext ctx = new AnalyzerContext(runtime, modelFolders, options);
                for (Map.Entry<Modality, ModalityAnalyzerProvider> e : chosen.entrySet()) {
                    analyzers.put(e.getKey(), e.getValue().create(ctx));
                }
            } catch (ModelLoadException | RuntimeException e) {
                analyzers.values().forEach(ModalityAnalyzer::close);
                runtime.close();
                throw e;
            }
            return new EmotionRecognizer(runtime, analyzers, fusion != null ? fusion : Fusions.probabilityGuided(),
                    strictDecoding);
        }

        private static String moduleHint(Set<Modality> missing) {
            List<String> names = new ArrayList<>();
            for (Modality m : missing) {
                names.add("emotion-" + m.word());
            }
            return String.join(", ", names);
        }
    }
}
