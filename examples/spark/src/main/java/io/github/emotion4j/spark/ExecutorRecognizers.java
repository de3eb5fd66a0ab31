package io.github.emotion4j.spark;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recognizer per executor JVM and {@link RecognizerSettings}: the first partition to need it
 * builds it, every later partition of the job on that executor (also those running at the same
 * time: a recognizer is thread-safe) uses the same one, and it is closed at the end — when the
 * executor JVM exits (a shutdown hook), or earlier by {@link #closeAll()} (the driver calls it when
 * the job ends, which in local mode is the executor too). The models are loaded once per executor,
 * not once per partition.
 */
public final class ExecutorRecognizers {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRecognizers.class);
    private static final Map<RecognizerSettings, EmotionRecognizer> SHARED = new HashMap<>();
    private static int builds;
    private static boolean hooked;

    private ExecutorRecognizers() {
    }

    /** This JVM's recognizer for the settings, built on first use. */
    public static synchronized EmotionRecognizer get(RecognizerSettings settings) throws ModelLoadException {
        Objects.requireNonNull(settings, "settings");
        EmotionRecognizer r = SHARED.get(settings);
        if (r == null) {
            long t0 = System.nanoTime();
            r = settings.build();
            SHARED.put(settings, r);
            builds++;
            LOG.info("executor recognizer for {} built in {} ms", r.modalities(), (System.nanoTime() - t0) / 1_000_000);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorRecognizers::closeAll, "emotion4j-close"));
            }
        }
        return r;
    }

    /** How many recognizers this JVM has built so far (for tests and logs). */
    public static synchronized int builds() {
        return builds;
    }

    /** Closes every recognizer of this JVM (idempotent); a later {@link #get} builds a new one. */
    public static synchronized void closeAll() {
        SHARED.values().forEach(EmotionRecognizer::close);
        SHARED.clear();
    }
}
