package io.github.emotion4j.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What a media file holds, guessed from its name. */
public enum MediaKind {
    IMAGE, AUDIO, VIDEO, TEXT, SUBTITLES, UNKNOWN;

    private static final Set<String> IMAGE_EXT = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff", "pgm", "ppm");
    private static final Set<String> AUDIO_EXT = Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a", "aac", "wma", "aif", "aiff", "au");
    private static final Set<String> VIDEO_EXT = Set.of("mp4", "mkv", "webm", "avi", "mov", "m4v", "mpg", "mpeg", "wmv", "flv", "3gp");
    private static final Set<String> TEXT_EXT = Set.of("txt");
    private static final Set<String> SUB_EXT = Set.of("srt", "vtt");

    /** Guesses from the file extension; {@link #UNKNOWN} when there is none or it is unfamiliar. */
    public static MediaKind of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (IMAGE_EXT.contains(ext)) {
            return IMAGE;
        } else if (AUDIO_EXT.contains(ext)) {
            return AUDIO;
        } else if (VIDEO_EXT.contains(ext)) {
            return VIDEO;
        } else if (TEXT_EXT.contains(ext)) {
            return TEXT;
        } else if (SUB_EXT.contains(ext)) {
            return SUBTITLES;
        }
        return UNKNOWN;
    }
}
