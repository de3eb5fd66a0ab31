package io.github.emotion4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Engines are plug-ins: core has none of its own, and a missing one is an error that names the artifact to add. */
class EngineRuntimeTest {

    /** An engine that records what it was asked to open and returns a session that echoes its input. */
    private static class FakeEngine implements EngineProvider {
        final EngineKind kind;
        final int rank;
        final List<SessionRequest> opened = new ArrayList<>();

        FakeEngine(EngineKind kind, int rank) {
            this.kind = kind;
            this.rank = rank;
        }

        @Override
        public EngineKind kind() {
            return kind;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public boolean gpuAvailable() {
            return false;
        }

        @Override
        public InferenceSession open(SessionRequest request) {
            opened.add(request);
            return new InferenceSession() {
                @Override
                public EngineKind engine() {
                    return kind;
                }

                @Override
                public String device() {
                    return request.device().label();
                }

                @Override
                public Path modelFile() {
                    return request.file();
                }

                @Override
                public List<String> inputNames() {
                    return request.inputNames();
                }

                @Override
                public List<String> outputNames() {
                    return request.outputNames();
                }

                @Override
                public Map<String, Tensor> run(Map<String, Tensor> inputs) {
                    return inputs;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static ModelBundle tinyMlp() throws ModelLoadException {
        return ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp"));
    }

    private static EngineRuntime runtime(Optional<EngineKind> preferred, EngineProvider... engines) {
        Map<EngineKind, EngineProvider> m = new EnumMap<>(EngineKind.class);
        for (EngineProvider e : engines) {
            m.put(e.kind(), e);
        }
        return new EngineRuntime(Device.cpu(), preferred, m);
    }

    @Test
    void coreItselfHoldsNoEngine() {
        assertTrue(EngineRuntime.installed().isEmpty(), "core's own classpath has no engine plug-in: "
                + EngineRuntime.installed());
    }

    @Test
    void noEngineAtAllNamesTheArtifactToAdd() throws Exception {
        try (EngineRuntime r = runtime(Optional.empty())) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.session(tinyMlp()));
            assertTrue(e.getMessage().contains("io.github.emotion4j:emotion-engine-onnxruntime"), e.getMessage());
            assertTrue(e.getMessage().contains("tiny-mlp"), e.getMessage());
        }
    }

    @Test
    void pytorchAskedForByNameButAbsentSaysWhichArtifactAndNativeToAdd() throws Exception {
        FakeEngine ort = new FakeEngine(EngineKind.ONNX_RUNTIME, 0);
        try (EngineRuntime r = runtime(Optional.of(EngineKind.PYTORCH), ort)) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.session(tinyMlp()));
            assertTrue(e.getMessage().contains("io.github.emotion4j:emotion-engine-pytorch"), e.getMessage());
            assertTrue(e.getMessage().contains("pytorch-native-cpu"), e.getMessage());
            ModelLoadException explicit = assertThrows(ModelLoadException.class,
                    () -> r.session(tinyMlp(), EngineKind.PYTORCH));
            assertTrue(explicit.getMessage().contains("emotion-engine-pytorch"), explicit.getMessage());
            assertTrue(ort.opened.isEmpty());
        }
    }

    @Test
    void aModelWithBothFilesUsesWhicheverEngineIsInstalled() throws Exception {
        FakeEngine torch = new FakeEngine(EngineKind.PYTORCH, 0);
        try (EngineRuntime r = runtime(Optional.empty(), torch)) {
            assertEquals(EngineKind.PYTORCH, r.engineFor(tinyMlp()));
            InferenceSession s = r.session(tinyMlp());
            assertEquals(EngineKind.PYTORCH, s.engine());
            SessionRequest req = torch.opened.get(0);
            assertEquals(tinyMlp().file(ModelFormat.TORCHSCRIPT).orElseThrow(), req.file());
            assertEquals(List.of("features"), req.inputNames());
            assertEquals(List.of("probabilities"), req.outputNames());
            assertEquals("cpu", req.device().label());
        }
        FakeEngine ort = new FakeEngine(EngineKind.ONNX_RUNTIME, 0);
        try (EngineRuntime r = runtime(Optional.empty(), ort, new FakeEngine(EngineKind.PYTORCH, 0))) {
            assertEquals(EngineKind.ONNX_RUNTIME, r.engineFor(tinyMlp()), "ONNX Runtime when both are there");
            assertEquals(Set.of(EngineKind.ONNX_RUNTIME, EngineKind.PYTORCH), r.engines());
        }
    }

    @Test
    void aCpuOnlyMachineIsLoggedOnceAtInfoNotWarnedOnEveryRecognizer() throws Exception {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                Map<EngineKind, EngineProvider> m = new EnumMap<>(EngineKind.class);
                m.put(EngineKind.PYTORCH, new FakeEngine(EngineKind.PYTORCH, 0));
                try (EngineRuntime r = new EngineRuntime(Device.auto(), Optional.empty(), m)) {
                    assertEquals("cpu", r.device(EngineKind.PYTORCH).label());
                    assertTrue(r.device(EngineKind.PYTORCH).fellBack());
                }
            }
        } finally {
            System.setErr(before);
        }
        List<String> lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("PyTorch runs on cpu")).toList();
        assertEquals(1, lines.size(), "logged once for three runtimes: " + lines);
        assertTrue(lines.get(0).contains("INFO") && !lines.get(0).contains("WARN"), lines.get(0));
    }

    @Test
    void ofSeveralProvidersOfOneKindTheHighestRankWins() {
        FakeEngine low = new FakeEngine(EngineKind.ONNX_RUNTIME, 0);
        FakeEngine high = new FakeEngine(EngineKind.ONNX_RUNTIME, 10);
        FakeEngine torch = new FakeEngine(EngineKind.PYTORCH, -5);
        Map<EngineKind, EngineProvider> picked = EngineRuntime.byRank(List.of(low, high, torch));
        assertTrue(picked.get(EngineKind.ONNX_RUNTIME) == high);
        assertTrue(picked.get(EngineKind.PYTORCH) == torch);
        assertTrue(EngineRuntime.byRank(List.of(high, low)).get(EngineKind.ONNX_RUNTIME) == high, "order does not matter");
    }

    @Test
    void theProvidersFormatsDecideWhichFileItOpens() throws Exception {
        FakeEngine readsTorchScript = new FakeEngine(EngineKind.ONNX_RUNTIME, 0) {
            @Override
            public Set<ModelFormat> formats() {
                return Set.of(ModelFormat.TORCHSCRIPT);
            }
        };
        try (EngineRuntime r = runtime(Optional.empty(), readsTorchScript)) {
            r.session(tinyMlp());
            assertEquals(tinyMlp().file(ModelFormat.TORCHSCRIPT).orElseThrow(), readsTorchScript.opened.get(0).file());
        }
    }

    @Test
    void sessionsAreCachedPerFileAndEngine() throws Exception {
        FakeEngine ort = new FakeEngine(EngineKind.ONNX_RUNTIME, 0);
        try (EngineRuntime r = runtime(Optional.empty(), ort)) {
            InferenceSession a = r.session(tinyMlp());
            InferenceSession b = r.session(tinyMlp());
            assertTrue(a == b);
            assertEquals(1, ort.opened.size());
        }
    }
}
