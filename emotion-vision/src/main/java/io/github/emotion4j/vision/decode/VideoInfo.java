package io.github.emotion4j.vision.decode;

/**
 * What a video reports about itself when opened.
 *
 * @param width            frame width after rotation
 * @param height           frame height after rotation
 * @param frameRate        nominal frames per second (0 when unknown)
 * @param durationSeconds  duration (0 when unknown)
 * @param rotationDegrees  clockwise rotation applied to frames to show them upright: 0, 90, 180 or 270
 * @param codec            video codec name, e.g. {@code h264}
 * @param format           container format, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 */
public record VideoInfo(int width, int height, double frameRate, double durationSeconds, int rotationDegrees,
                        String codec, String format) {
}
