package io.github.emotion4j.vision.face;

import java.util.Locale;

/** Which detected faces to analyse. */
public enum FaceSelection {
    /** Every face (each gets its own track in a video). */
    ALL,
    /** Only the largest face of each image or frame. */
    LARGEST;

    /** Parses {@code all} or {@code largest} (case-insensitive). */
    public static FaceSelection parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vision.faces must be 'all' or 'largest', was '" + s + "'", e);
        }
    }
}
