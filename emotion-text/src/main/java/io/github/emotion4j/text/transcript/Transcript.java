package io.github.emotion4j.text.transcript;

import java.util.List;
import java.util.Objects;

/**
 * A transcript read from subtitles or plain text. Immutable.
 *
 * @param source   file name or description, for messages
 * @param format   {@code srt}, {@code vtt} or {@code text}
 * @param cues     the cues in file order (one untimed cue for plain text)
 * @param warnings what was repaired while reading (invalid UTF-8, skipped blocks)
 */
public record Transcript(String source, String format, List<TranscriptCue> cues, List<String> warnings) {
    /** Checks the components and copies the mutable ones. */
    public Transcript {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        cues = List.copyOf(cues);
        warnings = List.copyOf(warnings);
    }

    /** Whether the cues carry times. */
    public boolean timed() {
        return !format.equals("text");
    }

    /** All cue texts joined by spaces. */
    public String fullText() {
        StringBuilder sb = new StringBuilder();
        for (TranscriptCue c : cues) {
            if (!c.text().isBlank()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(c.text());
            }
        }
        return sb.toString();
    }
}
