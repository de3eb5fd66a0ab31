package io.github.emotion4j.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the tiny models on a GPU with both engines and compares with the CPU. Tagged {@code gpu}:
 * excluded by default; run with {@code ./mvnw -Pgpu -pl emotion-core test -Dtest=GpuEngineTest
 * -Dpytorch.native.artifact=pytorch-native-cu128} on a machine with an NVIDIA GPU.
 */
@Tag("gpu")
class GpuEngineTest {
    @Test
    void bothEnginesRunOnTheGpuAndMatchTheCpu() throws Exception {
        ModelBundle bundle = ModelLocator.fromDirectory(TestData.resolve("models/tiny-wav2vec2-dim"));
        float[] signal = new float[16000];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (0.5 * Math.sin(2.0 * Math.PI * 220.0 * i / 16000));
        }
        Map<String, Tensor> in = Map.of("signal", Tensor.of(signal, 1, signal.length));
        try (EngineRuntime gpu = EngineRuntime.create(Optional.of(Device.gpu()), Optional.empty());
             EngineRuntime cpu = EngineRuntime.cpu()) {
            for (EngineKind kind : EngineKind.values()) {
                InferenceSession s = gpu.session(bundle, kind);
                assertEquals("gpu:0", s.device(), kind + " device");
                float[] g = s.run(in).get("logits").floats();
                float[] c = cpu.session(bundle, kind).run(in).get("logits").floats();
                assertArrayEquals(c, g, 1e-4f, kind + " GPU vs CPU");
            }
        }
    }
}
