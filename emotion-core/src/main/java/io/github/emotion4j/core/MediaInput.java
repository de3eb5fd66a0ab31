package io.github.emotion4j.core;

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
 * }</pre>
 */
public final class MediaInput {
    private final Path file;
    private final MediaKind kind;
    private final AudioClip audio;
    private final BufferedImage image;
    private final String text;
    private final Path transcriptFile;

    private MediaInput(Path file, MediaKind kind, AudioClip audio, BufferedImage image, String text,
                       Path transcriptFile) {
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

    /** The same input with a transcript (what was said) as plain text. */
    public MediaInput withTranscript(String transcript) {
        return new MediaInput(file, kind, audio, image, Objects.requireNonNull(transcript, "transcript"), transcriptFile);
    }

    /** The same input with a timed transcript: an SRT or WebVTT file, or a plain .txt file. */
    public MediaInput withTranscript(Path transcript) {
        return new MediaInput(file, kind, audio, image, text, Objects.requireNonNull(transcript, "transcript"));
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

    /** Whether the input carries text of any kind (plain text, transcript, subtitles). */
    public boolean hasText() {
        return text != null || transcriptFile != null || kind == MediaKind.TEXT && file != null;
    }

    /** A short description for messages and logs. */
    public String describe() {
        if (file != null) {
            return file.toString();
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
