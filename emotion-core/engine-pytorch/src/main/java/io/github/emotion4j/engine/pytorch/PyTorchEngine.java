package io.github.emotion4j.engine.pytorch;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineProvider;
import io.github.emotion4j.core.engine.GuardedSession;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.NetworkPolicy;
import io.github.emotion4j.core.engine.ResolvedDevice;
import io.github.emotion4j.core.engine.SessionRequest;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL PyTorch engine plug-in, registered for {@link java.util.ServiceLoader} as an
 * {@link EngineProvider}; runs TorchScript files. The libtorch native is the user's choice
 * ({@code ai.djl.pytorch:pytorch-native-cpu} with classifier {@code linux-x86_64}, or a CUDA
 * build); DJL is kept offline ({@link NetworkPolicy}), so a missing native is a clear
 * {@link ModelLoadException}, never a download.
 *
 * <p>Sessions: DJL on the PyTorch engine. Each call gets its own
 * {@link NDManager} scope, so per-call tensors are freed with the call and the session can be
 * shared across threads (the TorchScript module is only read). {@code close()} refuses new calls and
 * waits for the calls in flight before it frees the module.
 *
 * <p>Unless the user sets {@code ai.djl.pytorch.num_threads}, libtorch gets one intra-op thread:
 * emotion4j runs calls in parallel itself, and libtorch's OpenMP workers spin-wait, which on a
 * busy 2-core machine made a 112x112 CNN call take 550 ms instead of 5 ms (measured here).
 */
public final class PyTorchEngine implements EngineProvider {
    static final String ENGINE_NAME = "PyTorch";

    /** Creates the provider; libtorch is loaded on first use. */
    public PyTorchEngine() {
    }
    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    @Override
    public EngineKind kind() {
        return EngineKind.PYTORCH;
    }

    /**
     * DJL's PyTorch engine with emotion4j's defaults (one libtorch thread unless set, offline).
     * Training code in other modules calls this before using DJL so that it gets the same engine.
     */
    public static Engine engine() {
        NetworkPolicy.apply();
        synchronized (PyTorchEngine.class) {
            if (System.getProperty(THREADS_PROPERTY) == null) {
                System.setProperty(THREADS_PROPERTY, "1");
            }
            if (System.getProperty(INTEROP_PROPERTY) == null) {
                System.setProperty(INTEROP_PROPERTY, "1");
            }
        }
        return Engine.getEngine(ENGINE_NAME);
    }

    @Override
    public boolean gpuAvailable() {
        try {
            return engine().getGpuCount() > 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public InferenceSession open(SessionRequest request) throws ModelLoadException {
        String modelId = request.modelId();
        Path file = request.file();
        ResolvedDevice device = request.device();
        List<String> inputNames = request.inputNames();
        List<String> outputNames = request.outputNames();
        // libtorch's intra-op thread count is process-wide (see threads()), so a per-model hint is not applied here
        if (!request.weightOverrides().isEmpty()) {
            throw new ModelLoadException("Model '" + modelId + "': the PyTorch engine cannot replace weights of a TorchScript"
                    + " file (" + request.weightOverrides().size() + " given, e.g. a low-rank adapter); run it with ONNX Runtime", file);
        }
        if (request.modelBytes() != null) {
            throw new ModelLoadException("Model '" + modelId + "': the PyTorch engine cannot load a model derived in memory"
                    + " from " + file.getFileName() + " (e.g. a transformer cut after some layers); run it with ONNX Runtime", file);
        }
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".pt")) {
            throw new ModelLoadException("Model '" + modelId + "': TorchScript file must end in .pt: " + file, file);
        }
        Model model;
        try {
            ai.djl.Device d = device.gpu() ? ai.djl.Device.gpu(device.index()) : ai.djl.Device.cpu();
            model = Model.newInstance(modelId, d, engine().getEngineName());
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("DJL's PyTorch engine could not start (native library): " + e
                    + ". Add one libtorch native next to emotion-engine-pytorch: ai.djl.pytorch:pytorch-native-cpu:2.7.1"
                    + " (classifier linux-x86_64) or pytorch-native-cu128 for CUDA", file, e);
        }
        try {
            model.load(file.getParent(), fileName.substring(0, fileName.length() - 3), Map.of("mapLocation", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("Model '" + modelId + "': the TorchScript file " + file + " is damaged or not"
                    + " TorchScript: the PyTorch engine (DJL) cannot load it: " + e.getMessage()
                    + " (a TorchScript file is saved with torch.jit.save)", file, e);
        }
        return new Session(modelId, file, model, inputNames, outputNames, device.label());
    }

    private static final class Session extends GuardedSession {
        private final Model model;

        Session(String modelId, Path file, Model model, List<String> inputs, List<String> outputs, String device) {
            super(EngineKind.PYTORCH, modelId, file, device, inputs, outputs);
            this.model = model;
        }

        /** libtorch's intra-op threads are process-wide: {@code ai.djl.pytorch.num_threads}, 1 unless the user set it. */
        @Override
        public int intraOpThreads() {
            if (!device().equals("cpu")) {
                return 0;
            }
            try {
                return Math.max(0, Integer.parseInt(System.getProperty(THREADS_PROPERTY, "1").strip()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        @Override
        protected Map<String, Tensor> runGuarded(Map<String, Tensor> in) {
            List<String> order = inputNames().isEmpty() ? new ArrayList<>(in.keySet()) : inputNames();
            for (String name : order) {
                if (!in.containsKey(name)) {
                    throw new InferenceException("Model '" + modelId() + "' needs input '" + name + "' but got "
                            + in.keySet());
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList list = new NDList();
                for (String name : order) {
                    Tensor t = in.get(name);
                    Shape shape = new Shape(t.shape());
                    NDArray a = t.type() == Tensor.DataType.FLOAT32
                            ? manager.create(t.floats(), shape) : manager.create(t.longs(), shape);
                    a.setName(name);
                    list.add(a);
                }
                NDList result = model.getBlock().forward(new ParameterStore(manager, false), list, false);
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (int i = 0; i < result.size(); i++) {
                    String name = i < outputNames().size() ? outputNames().get(i) : "output" + i;
                    out.put(name, toTensor(name, result.get(i)));
                }
                return out;
            } catch (InferenceException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InferenceException("Model '" + modelId() + "' (" + modelFile() + ") failed in DJL PyTorch on inputs "
                        + Tensor.describe(in) + ": " + e.getMessage(), e);
            }
        }

        private Tensor toTensor(String name, NDArray a) {
            long[] shape = a.getShape().getShape();
            DataType type = a.getDataType();
            if (type == DataType.FLOAT32) {
                return Tensor.of(a.toFloatArray(), shape);
            } else if (type == DataType.INT64) {
                return Tensor.ofLongs(a.toLongArray(), shape);
            } else if (type.isFloating()) {
                return Tensor.of(a.toType(DataType.FLOAT32, false).toFloatArray(), shape);
            }
            throw new InferenceException("Model '" + modelId() + "': output '" + name + "' has type " + type
                    + "; only float and int64 outputs are supported");
        }

        @Override
        protected void release() {
            model.close();
        }

    }
}
