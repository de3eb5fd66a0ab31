package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses engines and devices at run time and owns the sessions it opens: one per model file
 * and engine, cached, closed with the runtime.
 *
 * <p>Engines are plug-ins ({@link EngineProvider}) found with {@link ServiceLoader}: only the
 * engines whose artifacts are on the classpath exist. Engine: explicit choice, else
 * {@code -Demotion4j.engine} / {@code EMOTION4J_ENGINE} ({@code onnxruntime} or {@code pytorch}),
 * else ONNX Runtime when the model has an ONNX file and DJL PyTorch otherwise. An engine asked
 * for but not installed is a {@link ModelLoadException} naming the artifact to add. Device: see
 * {@link DeviceSelector}; each engine's choice is logged once per JVM. Thread-safe.
 */
public final class EngineRuntime implements AutoCloseable {
    /** System property naming the preferred engine. */
    public static final String ENGINE_PROPERTY = "emotion4j.engine";
    /** Environment variable naming the preferred engine. */
    public static final String ENGINE_ENV = "EMOTION4J_ENGINE";
    /** Model card key: threads one call may use inside the engine (see {@link #intraOpThreads}). */
    public static final String INTRA_OP_THREADS_KEY = "engine.intraOpThreads";

    private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);

    private final Device requested;
    private final Optional<EngineKind> preferred;
    /** Engine device choices already logged in this JVM (the probe result is logged once, not per recognizer). */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final Map<EngineKind, EngineProvider> engines;
    private final Map<EngineKind, ResolvedDevice> resolved = new EnumMap<>(EngineKind.class);
    private final Map<String, InferenceSession> sessions = new LinkedHashMap<>();
    private boolean closed;

    EngineRuntime(Device requested, Optional<EngineKind> preferred, Map<EngineKind, EngineProvider> engines) {
        this.requested = Objects.requireNonNull(requested, "requested");
        this.preferred = Objects.requireNonNull(preferred, "preferred");
        this.engines = new EnumMap<>(engines);
    }

    /**
     * A runtime with the engines found on the classpath.
     *
     * @param device explicit device, or empty to read {@code emotion4j.device} / {@code EMOTION4J_DEVICE}
     * @param engine explicit engine, or empty to read {@code emotion4j.engine} / {@code EMOTION4J_ENGINE}
     */
    public static EngineRuntime create(Optional<Device> device, Optional<EngineKind> engine) {
        Optional<EngineKind> pref = engine.or(() -> Optional.ofNullable(System.getProperty(ENGINE_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(ENGINE_ENV)))
                .filter(s -> !s.isBlank()).map(EngineKind::parse));
        NetworkPolicy.apply();
        return new EngineRuntime(DeviceSelector.requested(device), pref, installed());
    }

    /** The engine providers on the classpath, the highest rank per kind. */
    public static Map<EngineKind, EngineProvider> installed() {
        return byRank(ServiceLoader.load(EngineProvider.class, EngineRuntime.class.getClassLoader()));
    }

    /** Of several providers of one kind the highest {@link EngineProvider#rank()} wins (the first on a tie). */
    static Map<EngineKind, EngineProvider> byRank(Iterable<EngineProvider> providers) {
        Map<EngineKind, EngineProvider> found = new EnumMap<>(EngineKind.class);
        for (EngineProvider p : providers) {
            found.merge(p.kind(), p, (a, b) -> b.rank() > a.rank() ? b : a);
        }
        return found;
    }

    /** The first format the provider reads that the model has a file of. */
    private static Optional<ModelFormat> readable(ModelBundle bundle, EngineProvider provider) {
        for (ModelFormat f : provider.formats()) {
            if (bundle.card().fileOf(f).isPresent()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The engines this runtime can use. */
    public Set<EngineKind> engines() {
        return engines.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(engines.keySet());
    }

    /** Whether an engine's artifact is on the classpath. */
    public boolean has(EngineKind engine) {
        return engines.containsKey(engine);
    }

    private EngineProvider provider(EngineKind engine, String context) throws ModelLoadException {
        EngineProvider p = engines.get(engine);
        if (p == null) {
            throw new ModelLoadException(context + " needs the " + engine.displayName() + " engine, which is not on "
                    + "the classpath: " + engine.howToAdd() + ". Engines found: " + names(engines.keySet()));
        }
        return p;
    }

    private static String names(Set<EngineKind> kinds) {
        List<String> n = new ArrayList<>();
        kinds.forEach(k -> n.add(k.displayName()));
        return n.isEmpty() ? "none" : String.join(", ", n);
    }

    /** A CPU runtime with no engine preference, for tests and tools. */
    public static EngineRuntime cpu() {
        return create(Optional.of(Device.cpu()), Optional.empty());
    }

    /** The device requested by configuration. */
    public Device requestedDevice() {
        return requested;
    }

    /** The preferred engine, if one was configured. */
    public Optional<EngineKind> preferredEngine() {
        return preferred;
    }

    /**
     * The device an engine uses under this runtime's rules (decided once per engine and runtime,
     * logged once per JVM at INFO).
     *
     * @throws IllegalStateException when the engine is not installed (see {@link #has})
     */
    public synchronized ResolvedDevice device(EngineKind engine) {
        ResolvedDevice d = resolved.get(engine);
        if (d == null) {
            EngineProvider e = engines.get(engine);
            if (e == null) {
                throw new IllegalStateException(engine.displayName() + " is not on the classpath: " + engine.howToAdd());
            }
            d = DeviceSelector.resolve(requested, engine.displayName(), e::gpuAvailable);
            logOnce(engine, d);
            resolved.put(engine, d);
        }
        return d;
    }

    private static void logOnce(EngineKind engine, ResolvedDevice d) {
        if (LOGGED.add(engine + "|" + d.label() + "|" + d.reason())) {
            LOG.info("emotion4j: {} runs on {} ({})", engine.displayName(), d.label(), d.reason());
        }
    }

    /**
     * The engine this runtime would use for a model: the preferred engine when it reads one of the
     * model's files, else ONNX Runtime, else PyTorch, among the installed engines whose
     * {@link EngineProvider#formats()} match a file of the model.
     */
    public EngineKind engineFor(ModelBundle bundle) throws ModelLoadException {
        boolean hasOnnx = bundle.card().fileOf(ModelFormat.ONNX).isPresent();
        boolean hasTorch = bundle.card().fileOf(ModelFormat.TORCHSCRIPT).isPresent();
        if (!hasOnnx && !hasTorch) {
            throw new ModelLoadException("Model '" + bundle.card().id() + "' (" + bundle.origin()
                    + ") lists no ONNX or TORCHSCRIPT file in its card");
        }
        String context = "Model '" + bundle.card().id() + "' (" + bundle.origin() + ")";
        if (preferred.isPresent()) {
            EngineKind p = preferred.get();
            EngineProvider provider = provider(p, "The engine asked for (" + p.displayName() + ") for " + context);
            if (readable(bundle, provider).isPresent()) {
                return p;
            }
            LOG.debug("model {} has no file that {} reads; using another engine", bundle.card().id(), p.displayName());
        }
        for (EngineKind k : List.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH)) {
            EngineProvider provider = engines.get(k);
            if (provider != null && readable(bundle, provider).isPresent()) {
                return k;
            }
        }
        EngineKind needed = hasOnnx ? EngineKind.ONNX_RUNTIME : EngineKind.PYTORCH;
        provider(needed, context);
        throw new ModelLoadException(context + ": no installed engine reads its files (engines found: "
                + names(engines.keySet()) + ")");
    }

    /** The session for a model on the engine chosen by {@link #engineFor(ModelBundle)}. Owned by this runtime. */
    public InferenceSession session(ModelBundle bundle) throws ModelLoadException {
        return session(bundle, engineFor(bundle));
    }

    /**
     * The session for a model on a given engine. Owned by this runtime: do not close it. The file's
     * inputs and outputs are checked against the card's ({@link #checkSignature}).
     */
    public synchronized InferenceSession session(ModelBundle bundle, EngineKind engine) throws ModelLoadException {
        return session(bundle, engine, "", Map.of());
    }

    /**
     * The session for a model whose file's initializers of the given names are replaced by the given
     * float32 tensors (see {@link SessionRequest#weightOverrides()}), cached under {@code overridesKey}
     * (e.g. the SHA-256 of the adapter the tensors came from) beside the file's own session.
     *
     * <p>ONNX Runtime ignores a name that is not an initializer of the file, so the caller checks
     * the names against the file first (as {@code TransformerRunner} does for a low-rank adapter).
     *
     * @throws ModelLoadException when the engine cannot replace weights (TorchScript) or cannot load
     *                            the file with them
     */
    public synchronized InferenceSession session(ModelBundle bundle, EngineKind engine, String overridesKey,
                                                 Map<String, Tensor> overrides) throws ModelLoadException {
        Objects.requireNonNull(overridesKey, "overridesKey");
        Objects.requireNonNull(overrides, "overrides");
        if (overrides.isEmpty() != overridesKey.isEmpty()) {
            throw new IllegalArgumentException("give both an overridesKey and overrides, or neither");
        }
        return session(bundle, engine, overridesKey, overrides, null);
    }

    /**
     * The session for a model derived in memory from the bundle's file: {@code modelBytes} (a
     * serialised model, e.g. the file's graph cut after some layers; see
     * {@link SessionRequest#modelBytes()}) is loaded instead of the file, with the given weight
     * overrides (may be empty), cached under {@code variantKey} (which must say what was derived,
     * e.g. {@code "layers 3"}) beside the file's own session. The card's SHA-256 of the file was
     * checked when the bundle was located; the derivation is the caller's.
     *
     * @throws ModelLoadException when the engine cannot load a model from memory (TorchScript) or
     *                            cannot load these bytes
     */
    public synchronized InferenceSession derivedSession(ModelBundle bundle, EngineKind engine, String variantKey,
                                                        Map<String, Tensor> overrides, byte[] modelBytes)
            throws ModelLoadException {
        Objects.requireNonNull(variantKey, "variantKey");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(modelBytes, "modelBytes");
        if (variantKey.isEmpty()) {
            throw new IllegalArgumentException("a derived model needs a variantKey");
        }
        return session(bundle, engine, variantKey, overrides, modelBytes);
    }

    private InferenceSession session(ModelBundle bundle, EngineKind engine, String overridesKey,
                                     Map<String, Tensor> overrides, byte[] modelBytes) throws ModelLoadException {
        if (closed) {
            throw new IllegalStateException("engine runtime is closed");
        }
        EngineProvider e = provider(engine, "Model '" + bundle.card().id() + "' (" + bundle.origin() + ")");
        ModelFormat format = readable(bundle, e).orElseThrow(() -> new ModelLoadException("Model '"
                + bundle.card().id() + "' (" + bundle.origin() + ") has no file that " + engine.displayName()
                + " reads (" + e.formats() + ")"));
        Path file = bundle.file(format).orElseThrow(() -> new ModelLoadException("Model '"
                + bundle.card().id() + "' (" + bundle.origin() + ") has no " + format + " file for "
                + engine.displayName()));
        String key = engine + "|" + file.toAbsolutePath() + (overridesKey.isEmpty() ? "" : "|" + overridesKey);
        InferenceSession s = sessions.get(key);
        if (s != null) {
            return s;
        }
        List<String> in = specNames(bundle.card().inputs());
        List<String> out = specNames(bundle.card().outputs());
        int threads = intraOpThreads(bundle);
        ResolvedDevice d = device(engine);
        SessionRequest request = new SessionRequest(bundle.card().id(), file, in, out, d, threads, overrides, modelBytes);
        try {
            s = e.open(request);
        } catch (ModelLoadException | RuntimeException ex) {
            if (!d.gpu() || requested.kind() == Device.Kind.GPU) {
                throw ex;
            }
            LOG.warn("emotion4j: {} could not open {} on {} ({}); falling back to the CPU", engine.displayName(),
                    file, d.label(), ex.toString());
            d = new ResolvedDevice(false, 0, true, "auto: GPU session failed");
            resolved.put(engine, d);
            s = e.open(request.on(d));
        }
        try {
            checkSignature(bundle, file, s);
        } catch (ModelLoadException | RuntimeException ex) {
            s.close();
            throw ex;
        }
        sessions.put(key, s);
        return s;
    }

    /**
     * Compares the inputs and outputs the card declares with those the opened file has (ONNX
     * Runtime reads them from the file; TorchScript has no names, so its session reports the
     * card's): the inputs must be the same set, and every declared output must exist. A card that
     * declares none is not checked.
     *
     * @throws ModelLoadException saying what the card declares and what the file has, and that the
     *                            file may belong to another model or modality
     */
    static void checkSignature(ModelBundle bundle, Path file, InferenceSession s) throws ModelLoadException {
        ModelCard card = bundle.card();
        List<String> cardIn = specNames(card.inputs());
        List<String> cardOut = specNames(card.outputs());
        List<String> fileIn = s.inputNames();
        List<String> fileOut = s.outputNames();
        boolean inputsOk = cardIn.isEmpty() || new HashSet<>(cardIn).equals(new HashSet<>(fileIn));
        boolean outputsOk = cardOut.isEmpty() || fileOut.containsAll(cardOut);
        if (inputsOk && outputsOk) {
            return;
        }
        String guess = modalityOf(fileIn).filter(m -> m != card.modality())
                .map(m -> " (its input names look like a " + m.word() + " model's)").orElse("");
        throw new ModelLoadException("Model '" + card.id() + "' (" + bundle.origin() + "), a "
                + card.modality().word() + " model: its card declares inputs " + cardIn + " and outputs " + cardOut
                + ", but " + s.describeFile() + " takes inputs " + fileIn
                + " and gives outputs " + fileOut + ". The file may belong to another model or another modality"
                + guess + "; give the " + card.modality().word() + " model's own file, or fix inputs=/outputs= in"
                + " its card", file);
    }

    /** The modality that input names suggest, if they are typical of one. */
    private static Optional<Modality> modalityOf(List<String> inputs) {
        if (inputs.contains("input_ids") || inputs.contains("attention_mask")) {
            return Optional.of(Modality.TEXT);
        }
        if (inputs.contains("input_values") || inputs.contains("signal") || inputs.contains("sr")) {
            return Optional.of(Modality.AUDIO);
        }
        if (inputs.contains("pixel_values") || inputs.contains("image")) {
            return Optional.of(Modality.VISION);
        }
        return Optional.empty();
    }

    /**
     * The card's {@value #INTRA_OP_THREADS_KEY}: threads one call of the model may use inside the
     * engine (0 or absent: the engine's default). Small models called from several threads at once
     * run faster with 1, one call per core, than with every call spread over all cores.
     */
    static int intraOpThreads(ModelBundle bundle) throws ModelLoadException {
        Optional<String> v = bundle.card().property(INTRA_OP_THREADS_KEY);
        if (v.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelLoadException("Model '" + bundle.card().id() + "' (" + bundle.origin() + "): "
                + INTRA_OP_THREADS_KEY + " must be a whole number >= 0 (0 = engine default), was '" + v.get() + "'");
    }

    private static List<String> specNames(List<TensorSpec> specs) {
        List<String> n = new ArrayList<>();
        specs.forEach(t -> n.add(t.name()));
        return n;
    }

    /** Closes every session this runtime opened. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions.values().forEach(InferenceSession::close);
        sessions.clear();
    }
}
