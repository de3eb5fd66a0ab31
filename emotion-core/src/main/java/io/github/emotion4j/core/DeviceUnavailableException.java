package io.github.emotion4j.core;

/**
 * A GPU was demanded ({@link Device#gpu()}, {@code -Demotion4j.device=gpu} or
 * {@code EMOTION4J_DEVICE=gpu}) but the engine reports none. Install the GPU builds of the
 * engines (see README) or ask for {@link Device#auto()}.
 */
public class DeviceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was demanded and what to do */
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
