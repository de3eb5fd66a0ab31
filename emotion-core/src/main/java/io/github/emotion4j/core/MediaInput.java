package io.github.emotion4j.core;

import io.github.emotion4j.core.conversation.Conversation;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to analyse: a media file, raw audio, an image, a text, or a mix (a video with its
 * transcript). Immutable; the {@code with*} methods return new inputs.
 *
 * <pre>{@code
 * MediaInput.ofFile(Path.of("interview.mp4")).withTranscript("I can't believe we won!");
 * MediaInput.ofFile(Path.of("call.wav")).withTranscript(Path.of("call.srt"));
 * MediaInput.ofText("What a lovely day");
 * MediaInput.ofConversation(conversation).withMedia(Path.of("meeting.mp4"));
 * }</pre>
 *
 * <p>A conversation input reads as a timed transcript (one cue per utterance, with its span when it
 * has one), so {@code EmotionRecognizer.predict} joins its text to the media's timeline; the
 * per-utterance and per-speaker analysis is {@code ConversationAnalyzer} in {@code emotion-text}.
 */
public final class MediaInput {
    private final Path file;
    private final MediaKind kind;
    private final AudioClip audio;
    private final BufferedImage image;
    private final String text;
    private final Path transcriptFile;
    private final Conversation conversation;

    private MediaInput(Path file, MediaKind kind, AudioClip audio, BufferedImage image, String text,
                       Path transcriptFile) {
        this(file, kind, audio, image, text, transcriptFile, null);
    }

    private MediaInput(Path file, MediaKind kind, AudioClip audio, BufferedImage image, String text,
                       Path transcriptFile, Conversation conversation) {
        this.conversation = conversation;
        this.file = file;
        this.kind = kind;
        this.audio = audio;
        this.image = image;
        this.text = text;
        this.transcriptFile = transcriptFile;
    }

    /** A media file (image, audio, video, .txt, .srt or .vtt); the kind is guessed from its name. */
    public static MediaInput ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        MediaKind kind = MediaKind.of(file);
        if (kind == MediaKind.SUBTITLES) {
            return new MediaInput(null, MediaKind.TEXT, null, null, null, file);
        }
        return new MediaInput(file, kind, null, null, null, null);
    }

    /** Raw audio samples (mono, [-1, 1]) at any sample rate; resampled as needed. */
    public static MediaInput ofAudio(float[] samples, int sampleRate) {
        return new MediaInput(null, MediaKind.AUDIO, new AudioClip(samples, sampleRate), null, null, null);
    }

    /** An image already in memory (a photo or a face crop). The image is not copied: do not change it while analysing. */
    public static MediaInput ofImage(BufferedImage image) {
        return new MediaInput(null, MediaKind.IMAGE, null, Objects.requireNonNull(image, "image"), null, null);
    }

    /** A plain text. */
    public static MediaInput ofText(String text) {
        return new MediaInput(null, MediaKind.TEXT, null, null, Objects.requireNonNull(text, "text"), null);
    }

    /**
     * A conversation: speakers' utterances, optionally timed inside a media file given with
     * {@link #withMedia(Path)}.
     */
    public static MediaInput ofConversation(Conversation conversation) {
        return new MediaInput(null, MediaKind.TEXT, null, null, null, null,
                Objects.requireNonNull(conversation, "conversation"));
    }

    /**
     * The same conversation with the media file it was recorded in: the audio and face segments
     * inside each utterance's span join that utterance.
     *
     * @throws IllegalStateException when this input is not a conversation
     */
    public MediaInput withMedia(Path media) {
        Objects.requireNonNull(media, "media");
        if (conversation == null) {
            throw new IllegalStateException("withMedia is for conversation inputs; use ofFile(media) for media alone");
        }
        MediaKind k = MediaKind.of(media);
        if (k == MediaKind.TEXT || k == MediaKind.SUBTITLES) {
            throw new IllegalArgumentException("the media of a conversation is audio or video, not " + media
                    + "; read a transcript with ConversationReader instead");
        }
        return new MediaInput(media, k, null, null, null, null, conversation);
    }

    /** The same input with a transcript (what was said) as plain text. */
    public MediaInput withTranscript(String transcript) {
        return new MediaInput(file, kind, audio, image, Objects.requireNonNull(transcript, "transcript"), transcriptFile,
                conversation);
    }

    /** The same input with a timed transcript: an SRT or WebVTT file, or a plain .txt file. */
    public MediaInput withTranscript(Path transcript) {
        return new MediaInput(file, kind, audio, image, text, Objects.requireNonNull(transcript, "transcript"),
                conversation);
    }

    /** The media file, if the input is a file. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** What the main input holds. */
    public MediaKind kind() {
        return kind;
    }

    /** Raw audio, if given as samples. */
    public Optional<AudioClip> audio() {
        return Optional.ofNullable(audio);
    }

    /** In-memory image, if given. */
    public Optional<BufferedImage> image() {
        return Optional.ofNullable(image);
    }

    /** The plain text or transcript, if given. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The transcript file (.srt, .vtt or .txt), if given. */
    public Optional<Path> transcriptFile() {
        return Optional.ofNullable(transcriptFile);
    }

    /** The conversation, if the input is one. */
    public Optional<Conversation> conversation() {
        return Optional.ofNullable(conversation);
    }

    /** Whether the input carries text of any kind (plain text, transcript, subtitles, a conversation). */
    public boolean hasText() {
        return text != null || conversation != null || transcriptFile != null || kind == MediaKind.TEXT && file != null;
    }

    /** A short description for messages and logs. */
    public String describe() {
        if (file != null) {
            return file.toString();
        } else if (conversation != null) {
            return "conversation " + conversation.id() + " (" + conversation.size() + " turns)";
        } else if (audio != null) {
            return audio.toString();
        } else if (image != null) {
            return "image " + image.getWidth() + "x" + image.getHeight();
        } else if (transcriptFile != null) {
            return transcriptFile.toString();
        }
        return "text (" + text.length() + " chars)";
    }

    @Override
    public String toString() {
        return "MediaInput[" + kind + ", " + describe() + (text != null && kind != MediaKind.TEXT ? ", with transcript" : "") + "]";
    }
}
