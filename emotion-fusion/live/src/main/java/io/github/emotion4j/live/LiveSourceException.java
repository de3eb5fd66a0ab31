package io.github.emotion4j.live;

import io.github.emotion4j.core.MediaDecodeException;

/**
 * A live source cannot be opened or has dropped for good: no such camera, no microphone, a URL
 * that refuses the connection or times out, a stream that stopped and could not be reconnected.
 * The message names the source and what went wrong; it is something the caller can act on
 * (plug the device in, fix the URL, restart the server).
 */
public class LiveSourceException extends MediaDecodeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the source, as {@link LiveSource#describe()} gives it
     * @param message what is wrong
     */
    public LiveSourceException(String source, String message) {
        super(source, message);
    }

    /**
     * @param source  the source, as {@link LiveSource#describe()} gives it
     * @param message what is wrong
     * @param cause   the decoder's or device's exception
     */
    public LiveSourceException(String source, String message, Throwable cause) {
        super(source, message, cause);
    }
}
