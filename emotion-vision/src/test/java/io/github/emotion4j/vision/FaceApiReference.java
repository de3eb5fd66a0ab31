package io.github.emotion4j.vision;

import io.github.emotion4j.core.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * face-api.js's own outputs for {@code src-test-data/vision/astronaut-face.jpg}
 * ({@code faceapi-reference.json}, written by models/tools/face-landmarks-identity/reference.js).
 */
public final class FaceApiReference {
    private FaceApiReference() {
    }

    /** The array stored under {@code key}: {@code landmarks.raw}, {@code landmarks.pixels} or {@code descriptor.raw}. */
    public static double[] array(String key) {
        try {
            String json = Files.readString(TestData.resolve("vision/faceapi-reference.json"));
            Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
            if (!m.find()) {
                throw new IllegalStateException("no " + key + " in faceapi-reference.json");
            }
            String[] parts = m.group(1).split(",");
            double[] out = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Double.parseDouble(parts[i].strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
