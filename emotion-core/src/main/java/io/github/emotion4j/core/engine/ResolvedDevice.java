package io.github.emotion4j.core.engine;

/**
 * The device an engine will use after the selection rules ran.
 *
 * @param gpu      true for a GPU
 * @param index    GPU index
 * @param fellBack true when a GPU was preferred ({@code auto}) but none was found
 * @param reason   how it was chosen, for the log
 */
public record ResolvedDevice(boolean gpu, int index, boolean fellBack, String reason) {
    /** {@code "cpu"} or {@code "gpu:N"}. */
    public String label() {
        return gpu ? "gpu:" + index : "cpu";
    }
}
