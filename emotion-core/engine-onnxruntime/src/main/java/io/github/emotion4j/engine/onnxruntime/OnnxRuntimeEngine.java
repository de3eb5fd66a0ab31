package io.github.emotion4j.engine.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineProvider;
import io.github.emotion4j.core.engine.GuardedSession;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.ResolvedDevice;
import io.github.emotion4j.core.engine.SessionRequest;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelLoadException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX Runtime engine plug-in, registered for {@link java.util.ServiceLoader} as an
 * {@link EngineProvider}. {@code OrtSession.run} is thread-safe, so one session serves all threads;
 * a session's {@code close()} refuses new calls and waits for the calls in flight before it frees
 * the native session.
 * Runs on a GPU when the {@code onnxruntime_gpu} artifact replaces {@code onnxruntime} and CUDA is
 * present.
 */
public final class OnnxRuntimeEngine implements EngineProvider {
    /** Creates the provider; ONNX Runtime's native library is loaded on first use. */
    public OnnxRuntimeEngine() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.ONNX_RUNTIME;
    }

    @Override
    public boolean gpuAvailable() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public InferenceSession open(SessionRequest request) throws ModelLoadException {
        String modelId = request.modelId();
        Path file = request.file();
        ResolvedDevice device = request.device();
        int intraOpThreads = request.intraOpThreads();
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("ONNX Runtime could not start (native library): " + e, file, e);
        }
        // ONNX Runtime reads replaced initializers from these tensors for the session's whole life
        List<OnnxTensor> overrides = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (device.gpu()) {
                options.addCUDA(device.index());
            }
            for (Map.Entry<String, Tensor> e : request.weightOverrides().entrySet()) {
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().floats()), e.getValue().shape());
                overrides.add(t);
                options.addInitializer(e.getKey(), t);
            }
            OrtSession session = request.modelBytes() == null ? env.createSession(file.toString(), options)
                    : env.createSession(request.modelBytes(), options);
            return new Session(modelId, file, env, session, device.label(), device.gpu() ? 0 : Math.max(0, intraOpThreads),
                    overrides);
        } catch (OrtException e) {
            overrides.forEach(OnnxTensor::close);
            throw new ModelLoadException("Model '" + modelId + "': ONNX Runtime cannot load " + file
                    + (request.modelBytes() == null ? "" : " (a model derived from it in memory)")
                    + (request.weightOverrides().isEmpty() ? "" : " with " + request.weightOverrides().size() + " replaced weights")
                    + ": " + e.getMessage() + " (is it a valid ONNX file?)", file, e);
        }
    }

    private static final class Session extends GuardedSession {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final int threads;

        private final List<OnnxTensor> overrides;

        Session(String modelId, Path file, OrtEnvironment env, OrtSession session, String device, int threads,
                List<OnnxTensor> overrides) throws OrtException {
            super(EngineKind.ONNX_RUNTIME, modelId, file, device, List.copyOf(session.getInputNames()),
                    List.copyOf(session.getOutputNames()));
            this.env = env;
            this.session = session;
            this.threads = threads;
            this.overrides = List.copyOf(overrides);
        }

        @Override
        public int intraOpThreads() {
            return threads;
        }

        @Override
        protected Map<String, Tensor> runGuarded(Map<String, Tensor> in) {
            Map<String, OnnxTensor> ort = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Tensor> e : in.entrySet()) {
                    Tensor t = e.getValue();
                    ort.put(e.getKey(), t.type() == Tensor.DataType.FLOAT32
                            ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape())
                            : OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.shape()));
                }
                try (OrtSession.Result result = session.run(ort)) {
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        out.put(e.getKey(), toTensor(e.getKey(), e.getValue()));
                    }
                    return out;
                }
            } catch (OrtException e) {
                throw new InferenceException("Model '" + modelId() + "' (" + modelFile() + ") failed in ONNX Runtime on inputs "
                        + Tensor.describe(in) + ": " + e.getMessage(), e);
            } finally {
                ort.values().forEach(OnnxTensor::close);
            }
        }

        private Tensor toTensor(String name, OnnxValue value) throws OrtException {
            if (!(value instanceof OnnxTensor t)) {
                throw new InferenceException("Model '" + modelId() + "': output '" + name + "' is not a tensor");
            }
            TensorInfo info = t.getInfo();
            long[] shape = info.getShape();
            OnnxJavaType type = info.type;
            switch (type) {
                case FLOAT: {
                    FloatBuffer b = t.getFloatBuffer();
                    float[] data = new float[b.remaining()];
                    b.get(data);
                    return Tensor.of(data, shape);
                }
                case INT64: {
                    LongBuffer b = t.getLongBuffer();
                    long[] data = new long[b.remaining()];
                    b.get(data);
                    return Tensor.ofLongs(data, shape);
                }
                default:
                    throw new InferenceException("Model '" + modelId() + "': output '" + name + "' has type " + type
                            + "; only float32 and int64 outputs are supported");
            }
        }

        @Override
        protected void release() {
            try {
                session.close();
            } catch (OrtException e) {
                // closing a session only fails when it is already closed
            }
            overrides.forEach(OnnxTensor::close);
        }

    }
}
