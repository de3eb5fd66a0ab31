package io.github.emotion4j.core.engine;

import java.util.List;

/**
 * Keeps the engines offline: emotion4j never downloads anything and opens no socket at run time.
 * DJL would otherwise look up AWS EC2 instance metadata for its usage tracking and download
 * native libraries or models it cannot find; {@link #apply()} sets DJL's documented switches
 * ({@code OPT_OUT_TRACKING}, {@code offline}, {@code ai.djl.offline}) to {@code true} before any
 * engine or tokenizer starts, unless the user set them already.
 *
 * <p>Opt in to DJL's network use with {@code -Demotion4j.network=allow} (or the environment
 * variable {@code EMOTION4J_NETWORK=allow}); emotion4j itself still opens nothing.
 */
public final class NetworkPolicy {
    /** System property that lets DJL use the network when set to {@code allow}. */
    public static final String PROPERTY = "emotion4j.network";
    /** Environment variable with the same meaning as {@link #PROPERTY}. */
    public static final String ENV = "EMOTION4J_NETWORK";

    private static final List<String> DJL_SWITCHES = List.of("OPT_OUT_TRACKING", "offline", "ai.djl.offline");

    private NetworkPolicy() {
    }

    /** Whether the user allowed DJL to use the network. */
    public static boolean networkAllowed() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        return v != null && v.strip().equalsIgnoreCase("allow");
    }

    /** Switches DJL's tracking and downloads off unless the user opted in or set the switches. Idempotent. */
    public static synchronized void apply() {
        if (networkAllowed()) {
            return;
        }
        for (String key : DJL_SWITCHES) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "true");
            }
        }
    }
}
