package io.github.emotion4j.vision.decode;

import io.github.emotion4j.core.UnsupportedMediaException;

/**
 * The file is readable media but holds no video to read: no video stream (AAC in an
 * {@code .mp4}), or a video stream without a single frame beside an audio stream. The vision
 * analyser turns this into a result without distribution and the warning "no video stream", so
 * that the other modalities still read the file. Garbage is a plain {@link
 * io.github.emotion4j.core.MediaDecodeException}, never this.
 */
public final class NoVideoStreamException extends UnsupportedMediaException {
    private static final long serialVersionUID = 1L;

    public NoVideoStreamException(String source, String message) {
        super(source, message);
    }
}
