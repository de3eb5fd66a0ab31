package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses engines and devices at run time and owns the sessions it opens: one per model file
 * and engine, cached, closed with the runtime.
 *
 * <p>Engine: explicit choice, else {@code -Demotion4j.engine} / {@code EMOTION4J_ENGINE}
 * ({@code onnxruntime} or {@code pytorch}), else ONNX Runtime when the model has an ONNX file and
 * DJL PyTorch otherwise. Device: see {@link DeviceSelector}; each engine's choice is logged
 * once. Thread-safe.
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
    private final Map<EngineKind, InferenceEngine> engines;
    private final Map<EngineKind, ResolvedDevice> resolved = new EnumMap<>(EngineKind.class);
    private final Map<String, InferenceSession> sessions = new LinkedHashMap<>();
    private boolean closed;

    EngineRuntime(Device requested, Optional<EngineKind> preferred, Map<EngineKind, InferenceEngine> engines) {
        this.requested = Objects.requireNonNull(requested, "requested");
        this.preferred = Objects.requireNonNull(preferred, "preferred");
        this.engines = new EnumMap<>(engines);
    }

    /**
     * A runtime with the real engines.
     *
     * @param device explicit device, or empty to read {@code emotion4j.device} / {@code EMOTION4J_DEVICE}
     * @param engine explicit engine, or empty to read {@code emotion4j.engine} / {@code EMOTION4J_ENGINE}
     */
    public static EngineRuntime create(Optional<Device> device, Optional<EngineKind> engine) {
        Optional<EngineKind> pref = engine.or(() -> Optional.ofNullable(System.getProperty(ENGINE_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(ENGINE_ENV)))
                .filter(s -> !s.isBlank()).map(EngineKind::parse));
        Map<EngineKind, InferenceEngine> engines = new EnumMap<>(EngineKind.class);
        engines.put(EngineKind.ONNX_RUNTIME, new OnnxRuntimeEngine());
        engines.put(EngineKind.PYTORCH, new PyTorchEngine());
        return new EngineRuntime(DeviceSelector.requested(device), pref, engines);
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

    /** The device an engine uses under this runtime's rules (decided once per engine). */
    public synchronized ResolvedDevice device(EngineKind engine) {
        ResolvedDevice d = resolved.get(engine);
        if (d == null) {
            InferenceEngine e = engines.get(engine);
            d = DeviceSelector.resolve(requested, engine.displayName(), e::gpuAvailable);
            if (d.fellBack()) {
                LOG.warn("emotion4j: {} has no GPU here; running on the CPU ({})", engine.displayName(), d.reason());
            } else {
                LOG.info("emotion4j: {} runs on {} ({})", engine.displayName(), d.label(), d.reason());
            }
            resolved.put(engine, d);
        }
        return d;
    }

    /** The engine this runtime would use for a model. */
    public EngineKind engineFor(ModelBundle bundle) throws ModelLoadException {
        boolean hasOnnx = bundle.card().fileOf(ModelFormat.ONNX).isPresent();
        boolean hasTorch = bundle.card().fileOf(ModelFormat.TORCHSCRIPT).isPresent();
        if (!hasOnnx && !hasTorch) {
            throw new ModelLoadException("Model '" + bundle.card().id() + "' (" + bundle.origin()
                    + ") lists no ONNX or TORCHSCRIPT file in its card");
        }
        if (preferred.isPresent()) {
            EngineKind p = preferred.get();
            if (p == EngineKind.ONNX_RUNTIME ? hasOnnx : hasTorch) {
                return p;
            }
            LOG.debug("model {} has no {} file; using the other engine", bundle.card().id(), p.format());
        }
        return hasOnnx ? EngineKind.ONNX_RUNTIME : EngineKind.PYTORCH;
    }

    /** The session for a model on the engine chosen by {@link #engineFor(ModelBundle)}. Owned by this runtime. */
    public InferenceSession session(ModelBundle bundle) throws ModelLoadException {
        return session(bundle, engineFor(bundle));
    }

    /** The session for a model on a given engine. Owned by this runtime: do not close it. */
    public synchronized InferenceSession session(ModelBundle bundle, EngineKind engine) throws ModelLoadException {
        if (closed) {
            throw new IllegalStateException("engine runtime is closed");
        }
        Path file = bundle.file(engine.format()).orElseThrow(() -> new ModelLoadException("Model '"
                + bundle.card().id() + "' (" + bundle.origin() + ") has no " + engine.format() + " file for "
                + engine.displayName()));
        String key = engine + "|" + file.toAbsolutePath();
        InferenceSession s = sessions.get(key);
        if (s != null) {
            return s;
        }
        List<String> in = names(bundle.card().inputs());
        List<String> out = names(bundle.card().outputs());
        int threads = intraOpThreads(bundle);
        ResolvedDevice d = device(engine);
        InferenceEngine e = engines.get(engine);
        try {
            s = e.open(bundle.card().id(), file, in, out, d, threads);
        } catch (ModelLoadException | RuntimeException ex) {
            if (!d.gpu() || requested.kind() == Device.Kind.GPU) {
                throw ex;
            }
            LOG.warn("emotion4j: {} could not open {} on {} ({}); falling back to the CPU", engine.displayName(),
                    file, d.label(), ex.toString());
            d = new ResolvedDevice(false, 0, true, "auto: GPU session failed");
            resolved.put(engine, d);
            s = e.open(bundle.card().id(), file, in, out, d, threads);
        }
        sessions.put(key, s);
        return s;
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

    private static List<String> names(List<TensorSpec> specs) {
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
