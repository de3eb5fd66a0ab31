package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;

/**
 * The file opened fine (a video, say) but holds no audio stream. The audio analyser turns this
 * into a result without distribution and the warning "no audio track".
 */
public final class NoAudioTrackException extends MediaDecodeException {
    private static final long serialVersionUID = 1L;

    /** @param source the file or input that has no audio track, for the message */
    public NoAudioTrackException(String source) {
        super(source, "no audio track");
    }
}
