package io.github.emotion4j.vision.face;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces in an image. Implementations must be thread-safe; {@link #close()} is idempotent.
 * A better detector (a DNN) can be plugged into the vision analyser through this interface.
 */
public interface FaceDetector extends AutoCloseable {
    /**
     * Detects faces.
     *
     * @param image a {@code TYPE_3BYTE_BGR} image (other types are converted)
     * @return the faces found, largest first; empty when there are none
     */
    List<FaceBox> detect(BufferedImage image);

    /** A short name for logs and results, e.g. {@code "haar:frontalface_alt2"}. */
    String name();

    @Override
    void close();
}
