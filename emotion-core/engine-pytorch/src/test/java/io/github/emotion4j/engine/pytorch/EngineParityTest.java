package io.github.emotion4j.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both engines run the same real tiny models from src-test-data and agree with PyTorch's own outputs. */
class EngineParityTest {
    private static EngineRuntime runtime;

    @BeforeAll
    static void open() {
        runtime = EngineRuntime.cpu();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static float[] floats(String line) {
        String[] parts = line.strip().split("\\s+");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }

    private static List<String> golden(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("golden.txt")).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    @Test
    void mlpMatchesGoldenOnBothEngines() throws Exception {
        Path dir = TestData.resolve("models/tiny-mlp");
        ModelBundle bundle = ModelLocator.fromDirectory(dir);
        List<String> rows = golden(dir);
        float[] in = new float[rows.size() * 8];
        float[] expected = new float[rows.size() * 7];
        for (int r = 0; r < rows.size(); r++) {
            String[] halves = rows.get(r).split("\\|");
            System.arraycopy(floats(halves[0].replace("in:", "")), 0, in, r * 8, 8);
            System.arraycopy(floats(halves[1].replace("out:", "")), 0, expected, r * 7, 7);
        }
        Map<String, Tensor> input = Map.of("features", Tensor.of(in, rows.size(), 8));
        float[] ort = runtime.session(bundle, EngineKind.ONNX_RUNTIME).run(input).get("probabilities").floats();
        float[] pt = runtime.session(bundle, EngineKind.PYTORCH).run(input).get("probabilities").floats();
        assertArrayEquals(expected, ort, 1e-5f);
        assertArrayEquals(expected, pt, 1e-5f);
        assertArrayEquals(ort, pt, 1e-5f);
    }

    @Test
    void wav2vec2StyleModelAgreesAcrossEnginesWithTupleOutputs() throws Exception {
        Path dir = TestData.resolve("models/tiny-wav2vec2-dim");
        ModelBundle bundle = ModelLocator.fromDirectory(dir);
        float[] signal = new float[8000];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (0.5 * Math.sin(2.0 * Math.PI * 220.0 * i / 16000));
        }
        Map<String, Tensor> input = Map.of("signal", Tensor.of(signal, 1, signal.length));
        Map<String, Tensor> ort = runtime.session(bundle, EngineKind.ONNX_RUNTIME).run(input);
        Map<String, Tensor> pt = runtime.session(bundle, EngineKind.PYTORCH).run(input);
        assertEquals(List.of("hidden_states", "logits"), new ArrayList<>(pt.keySet()));
        float[] expectedHidden = null;
        float[] expectedLogits = null;
        for (String l : golden(dir)) {
            if (l.startsWith("hidden_states:")) {
                expectedHidden = floats(l.substring(l.indexOf(':') + 1));
            } else if (l.startsWith("logits:")) {
                expectedLogits = floats(l.substring(l.indexOf(':') + 1));
            }
        }
        assertArrayEquals(expectedHidden, ort.get("hidden_states").floats(), 1e-5f);
        assertArrayEquals(expectedHidden, pt.get("hidden_states").floats(), 1e-5f);
        assertArrayEquals(expectedLogits, ort.get("logits").floats(), 1e-5f);
        assertArrayEquals(expectedLogits, pt.get("logits").floats(), 1e-5f);
        assertArrayEquals(new long[] {1, 3}, pt.get("logits").shape());
    }

    @Test
    void int64InputsWorkOnBothEngines() throws Exception {
        Path dir = TestData.resolve("models/tiny-text-classifier");
        ModelBundle bundle = ModelLocator.fromDirectory(dir);
        Map<String, Tensor> input = Map.of(
                "input_ids", Tensor.ofLongs(new long[] {101, 7592, 2088, 102}, 1, 4),
                "attention_mask", Tensor.ofLongs(new long[] {1, 1, 1, 1}, 1, 4));
        float[] expected = null;
        for (String l : golden(dir)) {
            if (l.startsWith("logits:")) {
                expected = floats(l.substring(l.indexOf(':') + 1));
            }
        }
        assertArrayEquals(expected, runtime.session(bundle, EngineKind.ONNX_RUNTIME).run(input).get("logits").floats(), 1e-5f);
        assertArrayEquals(expected, runtime.session(bundle, EngineKind.PYTORCH).run(input).get("logits").floats(), 1e-5f);
    }

    @Test
    void sessionsAreCachedAndThreadSafe() throws Exception {
        ModelBundle bundle = ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp"));
        for (EngineKind kind : EngineKind.values()) {
            InferenceSession s = runtime.session(bundle, kind);
            assertSame(s, runtime.session(bundle, kind));
            float[] row = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f};
            float[] reference = s.run(Map.of("features", Tensor.of(row.clone(), 1, 8))).get("probabilities").floats();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    futures.add(pool.submit(() -> s.run(Map.of("features", Tensor.of(row.clone(), 1, 8))).get("probabilities").floats()));
                }
                for (Future<float[]> f : futures) {
                    assertTrue(Arrays.equals(reference, f.get()), kind + " gave a different answer under concurrency");
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void wrongInputShapeIsAnInferenceExceptionNamingTheModel() throws Exception {
        ModelBundle bundle = ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp"));
        for (EngineKind kind : EngineKind.values()) {
            InferenceException e = assertThrows(InferenceException.class, () -> runtime.session(bundle, kind)
                    .run(Map.of("features", Tensor.of(new float[5], 1, 5))));
            assertTrue(e.getMessage().contains("tiny-mlp"), e.getMessage());
        }
    }

    @Test
    void brokenModelFilesGiveModelLoadExceptions(@TempDir Path tmp) throws Exception {
        for (String file : List.of("model.onnx", "model.pt")) {
            Path dir = Files.createDirectories(tmp.resolve(file));
            Files.write(dir.resolve(file), new byte[] {1, 2, 3, 4, 5});
            String sha = io.github.emotion4j.core.model.Checksums.sha256(dir.resolve(file));
            Files.writeString(dir.resolve("model.properties"), "id=broken\nversion=1\nmodality=TEXT\nfiles=" + file
                    + "\nformat." + file + "=" + (file.endsWith("onnx") ? "ONNX" : "TORCHSCRIPT")
                    + "\nsha256." + file + "=" + sha + "\n");
            ModelBundle bundle = ModelLocator.fromDirectory(dir);
            try (EngineRuntime r = EngineRuntime.cpu()) {
                ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.session(bundle));
                assertTrue(e.getMessage().contains("broken") && e.getMessage().contains(file), e.getMessage());
            }
        }
    }

    @Test
    void intraOpThreadsFromTheCardKeepResultsAndBadValuesAreRefused(@TempDir Path tmp) throws Exception {
        Path src = TestData.resolve("models/tiny-mlp");
        Map<String, float[]> in = Map.of("features", new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f});
        float[] expected = runtime.session(ModelLocator.fromDirectory(src)).run(
                Map.of("features", io.github.emotion4j.core.engine.Tensor.of(in.get("features"), 1, 8))).get("probabilities").floats();
        for (String value : List.of("1", "2", "0", "x", "-1")) {
            Path dir = Files.createDirectories(tmp.resolve("threads-" + value));
            for (String f : List.of("model.onnx", "model.pt", "golden.txt")) {
                Files.copy(src.resolve(f), dir.resolve(f));
            }
            Files.writeString(dir.resolve("model.properties"), Files.readString(src.resolve("model.properties"))
                    + "\nengine.intraOpThreads=" + value + "\n");
            ModelBundle bundle = ModelLocator.fromDirectory(dir);
            try (EngineRuntime r = EngineRuntime.cpu()) {
                if (value.equals("x") || value.equals("-1")) {
                    ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.session(bundle));
                    assertTrue(e.getMessage().contains("engine.intraOpThreads") && e.getMessage().contains(value), e.getMessage());
                    continue;
                }
                float[] got = r.session(bundle).run(Map.of("features",
                        io.github.emotion4j.core.engine.Tensor.of(in.get("features"), 1, 8))).get("probabilities").floats();
                assertArrayEquals(expected, got, 1e-6f, "engine.intraOpThreads=" + value);
            }
        }
    }

    @Test
    void enginePreferenceFollowsTheAvailableFormat() throws Exception {
        ModelBundle bundle = ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp"));
        assertEquals(EngineKind.ONNX_RUNTIME, runtime.engineFor(bundle));
        try (EngineRuntime torch = EngineRuntime.create(java.util.Optional.of(io.github.emotion4j.core.Device.cpu()),
                java.util.Optional.of(EngineKind.PYTORCH))) {
            assertEquals(EngineKind.PYTORCH, torch.engineFor(bundle));
            assertEquals("cpu", torch.session(bundle).device());
        }
    }

    @Test
    void aFileWhoseInputsDifferFromTheCardIsRefusedSayingBoth(@TempDir Path tmp) throws Exception {
        Path src = TestData.resolve("models/tiny-mlp");
        Path dir = Files.createDirectories(tmp.resolve("wrong"));
        Files.copy(TestData.resolve("models/tiny-text-classifier/model.onnx"), dir.resolve("model.onnx"));
        String card = Files.readString(src.resolve("model.properties"))
                .replace("files=model.onnx,model.pt,golden.txt", "files=model.onnx")
                .replaceAll("(?m)^(sha256|format)\\.(model\\.pt|golden\\.txt)=.*$", "")
                .replaceAll("(?m)^sha256\\.model\\.onnx=.*$",
                        "sha256.model.onnx=" + io.github.emotion4j.core.model.Checksums.sha256(dir.resolve("model.onnx")));
        Files.writeString(dir.resolve("model.properties"), card);
        ModelBundle bundle = ModelLocator.fromDirectory(dir);
        try (EngineRuntime r = EngineRuntime.cpu()) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.session(bundle));
            String m = e.getMessage();
            assertTrue(m.contains("declares inputs [features]") && m.contains("input_ids")
                    && m.contains("another modality"), m);
        }
    }

    @Test
    void aCorruptTorchScriptFileNamesTheFileAndThePyTorchEngine(@TempDir Path tmp) throws Exception {
        Path src = TestData.resolve("models/tiny-mlp");
        ModelBundle bad = ModelLocator.fromDirectory(io.github.emotion4j.core.testing.DamagedModels.copy(
                ModelLocator.fromDirectory(src), tmp.resolve("bad"), "model.pt", b -> java.util.Arrays.copyOf(b, b.length / 2)));
        try (EngineRuntime onnx = EngineRuntime.cpu()) {
            assertEquals(EngineKind.ONNX_RUNTIME, onnx.session(bad).engine());   // ONNX Runtime never reads model.pt
        }
        try (EngineRuntime torch = EngineRuntime.create(java.util.Optional.of(io.github.emotion4j.core.Device.cpu()),
                java.util.Optional.of(EngineKind.PYTORCH))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> torch.session(bad));
            String m = e.getMessage();
            assertTrue(m.contains("model.pt") && m.contains("TorchScript") && m.contains("PyTorch engine"), m);
        }
    }

    /**
     * Closing the runtime while four threads run a session: close waits for the calls in flight
     * (freeing a native session under a running call crashes the JVM or fails the call), and later
     * calls get the session's "is closed" IllegalStateException.
     */
    @Test
    void closingWhileFourThreadsRunNeverFailsACallInFlight() throws Exception {
        ModelBundle bundle = ModelLocator.fromDirectory(TestData.resolve("models/tiny-mlp"));
        Map<String, Tensor> in = Map.of("features", Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f,
                -0.8f}, 1, 8));
        java.util.Random random = new java.util.Random(11);
        for (EngineKind kind : EngineKind.values()) {
            for (int round = 0; round < 100; round++) {
                EngineRuntime r = EngineRuntime.create(java.util.Optional.of(io.github.emotion4j.core.Device.cpu()),
                        java.util.Optional.of(kind));
                InferenceSession s = r.session(bundle, kind);
                java.util.concurrent.atomic.AtomicReference<Throwable> bad = new java.util.concurrent.atomic.AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
                for (int t = 0; t < 4; t++) {
                    Thread th = new Thread(() -> {
                        started.countDown();
                        while (true) {
                            try {
                                s.run(in);
                            } catch (IllegalStateException e) {
                                if (!e.getMessage().endsWith("is closed")) {
                                    bad.compareAndSet(null, e);
                                }
                                return;
                            } catch (Throwable e) {
                                bad.compareAndSet(null, e);
                                return;
                            }
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                started.await();
                Thread.sleep(random.nextInt(5));
                r.close();
                for (Thread th : threads) {
                    th.join(60_000);
                }
                if (bad.get() != null) {
                    throw new AssertionError(kind + " round " + round + ": a call failed during close()", bad.get());
                }
            }
        }
    }
}
