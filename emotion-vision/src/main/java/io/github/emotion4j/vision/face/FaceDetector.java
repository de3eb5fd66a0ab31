package io.github.emotion4j.vision.face;

import io.github.emotion4j.core.ModelInfo;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces in an image. Implementations must be thread-safe; {@link #close()} is idempotent.
 * Implementations: {@link BlazeFaceDetector} (the default) and {@link HaarFaceDetector}.
 */
public interface FaceDetector extends AutoCloseable {
    /**
     * Detects faces.
     *
     * @param image a {@code TYPE_3BYTE_BGR} image (other types are converted)
     * @return the faces found, largest first; empty when there are none
     */
    List<FaceBox> detect(BufferedImage image);

    /** The model files behind the detector, for provenance (none for a detector without model files). */
    default List<ModelInfo> models() {
        return List.of();
    }

    /** A short name for logs and results, e.g. {@code "haar:frontalface_alt2"}. */
    String name();

    @Override
    void close();
}
