package io.github.emotion4j.text.transcript;

import io.github.emotion4j.core.TimeSpan;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a transcript: a subtitle cue with its times, or the whole of a plain text.
 *
 * @param index 1-based position in the transcript
 * @param span  start and end in seconds; empty for untimed text
 * @param text  the text with formatting tags removed and lines joined by spaces
 * @param line  1-based line where the cue starts in its file
 */
public record TranscriptCue(int index, Optional<TimeSpan> span, String text, int line) {
    /** Checks the components and copies the mutable ones. */
    public TranscriptCue {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(text, "text");
    }
}
