package io.github.emotion4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.DeviceUnavailableException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    @Test
    void explicitBeatsPropertyBeatsEnvironment() {
        assertEquals(Device.cpu(), DeviceSelector.requested(Optional.of(Device.cpu()), Optional.of("gpu"), Optional.of("gpu:1")));
        assertEquals(Device.gpu(), DeviceSelector.requested(Optional.empty(), Optional.of("gpu"), Optional.of("cpu")));
        assertEquals(Device.gpu(1), DeviceSelector.requested(Optional.empty(), Optional.empty(), Optional.of("gpu:1")));
        assertEquals(Device.gpu(1), DeviceSelector.requested(Optional.empty(), Optional.of(" "), Optional.of("cuda:1")));
        assertEquals(Device.auto(), DeviceSelector.requested(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceSelector.requested(Optional.empty(), Optional.of("tpu"), Optional.empty()));
    }

    @Test
    void autoTakesTheGpuWhenReported() {
        ResolvedDevice d = DeviceSelector.resolve(Device.auto(), "fake", () -> true);
        assertTrue(d.gpu());
        assertEquals("gpu:0", d.label());
        assertFalse(d.fellBack());
    }

    @Test
    void autoFallsBackToCpu() {
        ResolvedDevice d = DeviceSelector.resolve(Device.auto(), "fake", () -> false);
        assertFalse(d.gpu());
        assertTrue(d.fellBack());
        assertEquals("cpu", d.label());
    }

    @Test
    void demandedGpuMustExist() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> DeviceSelector.resolve(Device.gpu(), "fake", () -> false));
        assertTrue(e.getMessage().contains("demanded"), e.getMessage());
        assertEquals("gpu:2", DeviceSelector.resolve(Device.gpu(2), "fake", () -> true).label());
    }

    @Test
    void cpuNeverAsksForAGpu() {
        ResolvedDevice d = DeviceSelector.resolve(Device.cpu(), "fake", () -> {
            throw new AssertionError("GPU probe must not run for cpu");
        });
        assertFalse(d.gpu());
    }

    @Test
    void parsesDevicesAndEngines() {
        assertEquals(Device.gpu(3), Device.parse("GPU:3"));
        assertEquals(Device.auto(), Device.parse("auto"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("gpu:x"));
        assertEquals(EngineKind.ONNX_RUNTIME, EngineKind.parse("onnx"));
        assertEquals(EngineKind.PYTORCH, EngineKind.parse("DJL"));
        assertThrows(IllegalArgumentException.class, () -> EngineKind.parse("tensorflow"));
    }
}
