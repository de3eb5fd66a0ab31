package io.github.emotion4j.core;

import java.util.Locale;

/** The channels emotion4j reads emotion from. */
public enum Modality {
    AUDIO, VISION, TEXT;

    /** Lower-case name used in JSON and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code audio}, {@code vision} (or {@code video}, {@code face}) or {@code text}. */
    public static Modality parse(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "audio", "speech", "voice" -> AUDIO;
            case "vision", "video", "face", "faces", "image" -> VISION;
            case "text", "transcript" -> TEXT;
            default -> throw new IllegalArgumentException("Unknown modality '" + word
                    + "'; use audio, vision or text");
        };
    }
}
