package io.github.emotion4j.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Where models run.
 *
 * <ul>
 *   <li>{@link #auto()}: a GPU when an engine reports one, otherwise the CPU (with a warning
 *       logged once).</li>
 *   <li>{@link #cpu()}: always the CPU.</li>
 *   <li>{@link #gpu()} / {@link #gpu(int)}: a GPU is demanded; building a recognizer fails with
 *       {@link DeviceUnavailableException} when there is none.</li>
 * </ul>
 *
 * @param kind  auto, cpu or gpu
 * @param index GPU index (0 for auto and cpu)
 */
public record Device(Kind kind, int index) {
    /** Device kinds. */
    public enum Kind { AUTO, CPU, GPU }

    /** Checks the kind and a non-negative GPU index. */
    public Device {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("GPU index must be >= 0, was " + index);
        }
    }

    /** A GPU when an engine reports one, else the CPU. */
    public static Device auto() {
        return new Device(Kind.AUTO, 0);
    }

    /** The CPU. */
    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    /** GPU 0; building fails when no engine reports a GPU. */
    public static Device gpu() {
        return new Device(Kind.GPU, 0);
    }

    /** GPU {@code index}; building fails when no engine reports a GPU. */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /** Parses {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} or {@code cuda[:N]}. */
    public static Device parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return auto();
        } else if (t.equals("cpu")) {
            return cpu();
        } else if (t.equals("gpu") || t.equals("cuda")) {
            return gpu();
        } else if (t.startsWith("gpu:") || t.startsWith("cuda:")) {
            try {
                return gpu(Integer.parseInt(t.substring(t.indexOf(':') + 1)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Unknown device '" + text + "'; use auto, cpu, gpu or gpu:N");
    }

    @Override
    public String toString() {
        return kind == Kind.GPU ? "gpu:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
