package io.github.emotion4j.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.ResolvedDevice;
import io.github.emotion4j.core.engine.SessionRequest;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TorchScript weights cannot be replaced, nor a model derived in memory loaded: such requests are
 * refused, naming ONNX Runtime.
 */
class WeightOverridesTest {
    @Test
    void aRequestWithWeightOverridesIsRefused() {
        SessionRequest r = new SessionRequest("m", Path.of("model.pt"), List.of("x"), List.of("y"),
                new ResolvedDevice(false, 0, false, "cpu"), 0, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new PyTorchEngine().open(r));
        assertTrue(e.getMessage().contains("ONNX Runtime"), e.getMessage());
    }

    @Test
    void aRequestForAModelDerivedInMemoryIsRefused() {
        SessionRequest r = new SessionRequest("m", Path.of("model.pt"), List.of("x"), List.of("y"),
                new ResolvedDevice(false, 0, false, "cpu"), 0, Map.of(), new byte[] {1, 2, 3});
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new PyTorchEngine().open(r));
        assertTrue(e.getMessage().contains("derived in memory") && e.getMessage().contains("ONNX Runtime"), e.getMessage());
    }

    @Test
    void overridesMustBeFloat32() {
        assertThrows(IllegalArgumentException.class, () -> new SessionRequest("m", Path.of("model.pt"), List.of(), List.of(),
                new ResolvedDevice(false, 0, false, "cpu"), 0, Map.of("w", Tensor.ofLongs(new long[] {1}, 1))));
    }
}
