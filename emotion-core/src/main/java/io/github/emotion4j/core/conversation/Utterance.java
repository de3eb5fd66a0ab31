package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a conversation. Immutable.
 *
 * @param turn    the turn number, unique within its conversation (a file's own numbering, or the
 *                position from 0 when built in code); turns are kept in the order given, not sorted
 * @param speaker who speaks; never blank ({@link Conversation#UNKNOWN_SPEAKER} when the source names nobody)
 * @param text    what is said (may be empty: it then has no text distribution)
 * @param label   the gold emotion, when the source has one
 * @param span    start and end in seconds inside the conversation's media, when known
 * @param line    1-based line of the source file where the turn starts, 0 when built in code
 */
public record Utterance(int turn, String speaker, String text, Optional<Emotion> label, Optional<TimeSpan> span,
                        int line) {
    /** Checks the components. */
    public Utterance {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(span, "span");
        speaker = speaker.strip();
        if (speaker.isEmpty()) {
            speaker = Conversation.UNKNOWN_SPEAKER;
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
    }

    /** An utterance without label, span or source line. */
    public static Utterance of(int turn, String speaker, String text) {
        return new Utterance(turn, speaker, text, Optional.empty(), Optional.empty(), 0);
    }

    /** This utterance with a gold label. */
    public Utterance withLabel(Emotion emotion) {
        return new Utterance(turn, speaker, text, Optional.of(Objects.requireNonNull(emotion, "emotion")), span, line);
    }

    /** This utterance with a time span (seconds) inside the media. */
    public Utterance withSpan(double start, double end) {
        return new Utterance(turn, speaker, text, label, Optional.of(new TimeSpan(start, end)), line);
    }
}
