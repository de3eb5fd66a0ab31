package io.github.emotion4j.vision.decode;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One decoded video frame, already rotated upright. The image is a fresh {@code TYPE_3BYTE_BGR}
 * copy owned by the receiver (not a view of a decoder buffer).
 *
 * @param image       the pixels
 * @param index       index of the frame among all decoded frames (0-based)
 * @param timeSeconds presentation time in seconds from the start
 */
public record VideoFrame(BufferedImage image, long index, double timeSeconds) {
    public VideoFrame {
        Objects.requireNonNull(image, "image");
    }
}
