package io.github.emotion4j.core.engine;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.DeviceUnavailableException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The device selection rules: an explicit builder choice, else the system property
 * {@code emotion4j.device}, else the environment variable {@code EMOTION4J_DEVICE}, else
 * {@code auto}. {@code auto} takes a GPU when the engine reports one and otherwise the CPU;
 * a demanded GPU that is absent is an error.
 */
public final class DeviceSelector {
    /** System property naming the device. */
    public static final String DEVICE_PROPERTY = "emotion4j.device";
    /** Environment variable naming the device. */
    public static final String DEVICE_ENV = "EMOTION4J_DEVICE";

    private DeviceSelector() {
    }

    /** The device requested by configuration: explicit, property, environment, else auto. */
    public static Device requested(Optional<Device> explicit, Optional<String> property, Optional<String> env) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        Optional<String> configured = property.filter(s -> !s.isBlank()).or(() -> env.filter(s -> !s.isBlank()));
        return configured.map(Device::parse).orElse(Device.auto());
    }

    /** The device requested by the running JVM's property and environment. */
    public static Device requested(Optional<Device> explicit) {
        return requested(explicit, Optional.ofNullable(System.getProperty(DEVICE_PROPERTY)),
                Optional.ofNullable(System.getenv(DEVICE_ENV)));
    }

    /**
     * Applies the rules for one engine.
     *
     * @param requested    the requested device
     * @param engine       engine name for messages
     * @param gpuAvailable asked only when a GPU is an option
     * @throws DeviceUnavailableException when a GPU is demanded and absent
     */
    public static ResolvedDevice resolve(Device requested, String engine, BooleanSupplier gpuAvailable) {
        switch (requested.kind()) {
            case CPU:
                return new ResolvedDevice(false, 0, false, "cpu requested");
            case GPU:
                if (!gpuAvailable.getAsBoolean()) {
                    throw new DeviceUnavailableException("A GPU (" + requested + ") was demanded for " + engine
                            + " but the engine reports none. Install the CUDA builds (mvn -Pgpu, see README) "
                            + "on a machine with an NVIDIA GPU, or use Device.auto() / -D" + DEVICE_PROPERTY + "=auto.");
                }
                return new ResolvedDevice(true, requested.index(), false, "gpu requested");
            default:
                return gpuAvailable.getAsBoolean()
                        ? new ResolvedDevice(true, 0, false, "auto: " + engine + " reports a GPU")
                        : new ResolvedDevice(false, 0, true, "auto: " + engine + " reports no GPU");
        }
    }
}
