package io.github.emotion4j.server;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Map;

/**
 * Builds a recognizer for one set of module options sent with a request (e.g. {@code vision.fps=2}).
 * The server calls it once per distinct set and keeps at most a few of the results
 * ({@link EmotionServer.Builder#requestOptions}); it closes them itself.
 */
@FunctionalInterface
public interface RecognizerFactory {
    /**
     * A new recognizer with these module options.
     *
     * @throws IllegalArgumentException when a key is unknown or a value bad (answered with 400 and the message)
     * @throws ModelLoadException       when a model cannot be loaded
     */
    EmotionRecognizer build(Map<String, String> options) throws ModelLoadException;
}
