package io.github.emotion4j.core;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.fusion.WeightedMean;
import io.github.emotion4j.core.internal.TimelineFusion;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.core.spi.CloseGuard;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Thread-safe: one recognizer may serve many threads. {@link #predict} runs the modalities
 * that accept an input side by side, on the calling thread and the recognizer's executor
 * ({@link Builder#executor}, by default a pool of daemon threads the recognizer owns); analysers
 * split their own work onto the same executor. {@link #close()} waits for the {@code predict}
 * calls in flight (and refuses new ones), then releases every model session, shuts the owned pool
 * down (never a caller's executor); it is idempotent.
 */
public final class EmotionRecognizer implements AutoCloseable {
    /** The library version recorded in every prediction's provenance: the Maven project version of the build. */
    public static final String VERSION = readVersion();

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final EngineRuntime runtime;
    private final Map<Modality, ModalityAnalyzer> analyzers;
    private final FusionStrategy fusion;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final boolean strictDecoding;
    /** Held by every {@link #predict} call; {@link #close()} waits for them before it frees anything. */
    private final CloseGuard guard = new CloseGuard("recognizer");

    private EmotionRecognizer(EngineRuntime runtime, Map<Modality, ModalityAnalyzer> analyzers, FusionStrategy fusion,
                              ExecutorService executor, boolean ownsExecutor, boolean strictDecoding) {
        this.strictDecoding = strictDecoding;
        this.runtime = runtime;
        this.analyzers = analyzers;
        this.fusion = fusion;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
    }

    /** Reads the version the build wrote into {@code version.properties}; "unknown" when it is absent or unfiltered (e.g. an IDE build). */
    private static String readVersion() {
        try (InputStream in = EmotionRecognizer.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The pool a recognizer owns when no executor is given: max(2, cores) daemon threads {@code emotion4j-N}. */
    private static ExecutorService ownedPool() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "emotion4j-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
     * Analyses one input. The modalities that accept it run side by side: the first on this
     * thread, the others on the executor unless this thread gets to them first. When several
     * fail, the exception of the first failing modality (in {@link Modality} order) is thrown as is.
     *
     * @throws UnsupportedMediaException when no configured modality can read the input, or the file
     *                                   holds no stream any of them reads (a video without audio for
     *                                   an audio-only recognizer); a stream missing while another
     *                                   modality reads the file is a warning of that modality
     * @throws MediaDecodeException      when the media is corrupt, empty or unreadable, or, with
     *                                   {@link Builder#strictDecoding()}, looks truncated
     * @throws InterruptedIOException    when this thread is interrupted while waiting for a modality
     * @throws IOException               when the file cannot be read
     * @throws IllegalStateException     when the recognizer is closed ("recognizer is closed")
     */
    public EmotionPrediction predict(MediaInput input) throws IOException {
        Objects.requireNonNull(input, "input");
        return guard.call(() -> predictOpen(input));
    }

    private EmotionPrediction predictOpen(MediaInput input) throws IOException {
        List<ModalityAnalyzer> accepting = new ArrayList<>();
        for (ModalityAnalyzer a : analyzers.values()) {
            if (a.accepts(input)) {
                accepting.add(a);
            }
        }
        Map<Modality, ModalityResult> results = analyzeAll(accepting, input);
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

    /**
     * Many inputs, analysed a few at a time on this recognizer's executor; configure the returned
     * batch ({@link Batch#parallelism}, {@link Batch#inOrder()} / {@link Batch#asCompleted()},
     * {@link Batch#onProgress}) and {@link Batch#start() start} it:
     *
     * <pre>{@code
     * try (BatchRun run = recognizer.batch(inputs).parallelism(4).asCompleted().start()) {
     *     while (run.hasNext()) {
     *         BatchItem item = run.next();   // item.prediction() or item.error(); one bad file never stops the batch
     *     }
     * }
     * }</pre>
     *
     * @param inputs the inputs (copied)
     * @throws IllegalStateException when the recognizer is closed
     */
    public Batch batch(java.util.Collection<? extends MediaInput> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (guard.isClosed()) {
            throw new IllegalStateException("recognizer is closed");
        }
        return Batch.of(this::predict, executor, inputs);
    }

    /**
     * Analyses every input (max(2, cores) at a time) and returns one {@link BatchItem} per input in
     * input order: the prediction, or the exception its {@link #predict} threw. Shorthand for
     * {@code batch(inputs).predictAll()}; it holds every prediction, so stream a long batch with
     * {@link #batch} instead.
     *
     * @throws IllegalStateException when the recognizer is closed
     */
    public List<BatchItem> predictAll(java.util.Collection<? extends MediaInput> inputs) {
        return batch(inputs).predictAll();
    }

    /** Runs the analysers side by side (see {@link ClaimableTask}); the first failure in order is rethrown unwrapped. */
    private Map<Modality, ModalityResult> analyzeAll(List<ModalityAnalyzer> accepting, MediaInput input) throws IOException {
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        if (accepting.isEmpty()) {
            return results;
        }
        if (accepting.size() == 1) {
            results.put(accepting.get(0).modality(), accepting.get(0).analyze(input));
            return results;
        }
        List<ClaimableTask<ModalityResult>> tasks = new ArrayList<>();
        for (int i = 1; i < accepting.size(); i++) {
            ModalityAnalyzer a = accepting.get(i);
            tasks.add(ClaimableTask.submit(executor, () -> a.analyze(input)));
        }
        Throwable failure = null;
        try {
            results.put(accepting.get(0).modality(), accepting.get(0).analyze(input));
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
        for (int i = 0; i < tasks.size(); i++) {
            ClaimableTask<ModalityResult> t = tasks.get(i);
            if (failure != null && t.cancel()) {
                continue;
            }
            try {
                ModalityResult r = t.join();
                results.put(accepting.get(i + 1).modality(), r);
            } catch (InterruptedException e) {
                tasks.forEach(ClaimableTask::cancel);
                Thread.currentThread().interrupt();
                InterruptedIOException x = new InterruptedIOException("interrupted while analysing " + input.describe());
                x.initCause(e);
                throw x;
            } catch (Exception | Error e) {
                if (failure == null) {
                    failure = e;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("analysis of " + input.describe() + " failed", failure);
        }
        return results;
    }

    private EmotionPrediction assemble(Map<Modality, ModalityResult> results) {
        Map<Modality, ModalityEvidence> evidence = ModalityEvidence.of(results);
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
            dims = weightedDimensions(results, evidence.keySet(), fused);
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

    /** Each fused modality's dimensions (measured, else from its distribution), weighted as fusion weighted it. */
    private static Dimensions weightedDimensions(Map<Modality, ModalityResult> results, Set<Modality> fusedModalities,
                                                 FusionResult fused) {
        List<Dimensions> dims = new ArrayList<>();
        double[] w = new double[fusedModalities.size()];
        double total = 0;
        for (Modality m : fusedModalities) {
            ModalityResult r = results.get(m);
            w[dims.size()] = fused.weights().getOrDefault(m, 0.0);
            total += w[dims.size()];
            dims.add(r.dimensions().orElseGet(() -> r.distribution().orElseThrow().dimensions()));
        }
        return total > 0 ? WeightedMean.dimensions(dims, w) : fused.distribution().dimensions();
    }

    /**
     * Refuses new {@link #predict} calls (they throw {@code IllegalStateException("recognizer is
     * closed")}), waits for the calls in flight to end, then closes every analyser and model session
     * and shuts the owned pool down (not a caller's executor). Idempotent; do not call it from
     * inside a {@code predict} call.
     */
    @Override
    public void close() {
        if (!guard.closeAndAwait()) {
            return;
        }
        if (ownsExecutor) {
            executor.shutdown();
        }
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
        private ExecutorService executor;
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
         * The executor for work done side by side: the modalities of one {@link #predict} call and
         * the analysers' own parallel work (model calls, audio segments). The recognizer never
         * shuts it down. Default: a pool of max(2, cores) daemon threads named {@code emotion4j-N}
         * that the recognizer owns and shuts down on {@link #close()}. Any size works, even one
         * thread: no task ever waits for one that has not started.
         */
        public Builder executor(ExecutorService e) {
            if (executor != null) {
                throw new IllegalStateException("executor already set");
            }
            executor = Objects.requireNonNull(e, "executor");
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

        /**
         * A module option, e.g. {@code option("vision.fps", "4")}. {@link #build()} fails on a key no
         * chosen provider declares ({@link ModalityAnalyzerProvider#options()}) and on a bad value.
         */
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
         * @throws IllegalArgumentException  when an option key is unknown or its value bad (the message lists the valid keys)
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
            checkOptions(chosen);
            EngineRuntime runtime = EngineRuntime.create(Optional.ofNullable(device), Optional.ofNullable(engine));
            boolean owned = executor == null;
            ExecutorService pool = owned ? ownedPool() : executor;
            Map<Modality, ModalityAnalyzer> analyzers = new EnumMap<>(Modality.class);
            try {
                AnalyzerContext ctx = new AnalyzerContext(runtime, modelFolders, options, pool);
                for (Map.Entry<Modality, ModalityAnalyzerProvider> e : chosen.entrySet()) {
                    analyzers.put(e.getKey(), e.getValue().create(ctx));
                }
            } catch (ModelLoadException | RuntimeException e) {
                if (owned) {
                    pool.shutdown();
                }
                analyzers.values().forEach(ModalityAnalyzer::close);
                runtime.close();
                throw e;
            }
            return new EmotionRecognizer(runtime, analyzers, fusion != null ? fusion : Fusions.probabilityGuided(),
                    pool, owned, strictDecoding);
        }

        /** Every option must be declared by a chosen provider, and its value must parse. */
        private void checkOptions(Map<Modality, ModalityAnalyzerProvider> chosen) {
            if (options.isEmpty()) {
                return;
            }
            Map<String, OptionSpec<?>> specs = new TreeMap<>();
            for (ModalityAnalyzerProvider p : chosen.values()) {
                for (OptionSpec<?> spec : p.options()) {
                    specs.putIfAbsent(spec.key(), spec);
                }
            }
            for (Map.Entry<String, String> e : options.entrySet()) {
                OptionSpec<?> spec = specs.get(e.getKey());
                if (spec == null) {
                    throw new IllegalArgumentException("unknown option '" + e.getKey() + "'" + unconfigured(e.getKey(), chosen)
                            + "; valid options: " + listing(specs));
                }
                try {
                    spec.parse(e.getValue());
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException(x.getMessage() + "; valid options: " + listing(specs), x);
                }
            }
        }

        private static String unconfigured(String key, Map<Modality, ModalityAnalyzerProvider> chosen) {
            for (Modality m : Modality.values()) {
                if (key.startsWith(m.word() + ".") && !chosen.containsKey(m)) {
                    return " (it belongs to " + m.word() + ", which is not configured: configured are " + chosen.keySet() + ")";
                }
            }
            return "";
        }

        private static String listing(Map<String, OptionSpec<?>> specs) {
            if (specs.isEmpty()) {
                return "none (the configured providers take no options)";
            }
            List<String> out = new ArrayList<>();
            specs.values().forEach(s -> out.add(s.describe()));
            return String.join(", ", out);
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
