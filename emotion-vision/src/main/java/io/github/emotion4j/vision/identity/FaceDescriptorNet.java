package io.github.emotion4j.vision.identity;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.internal.FaceNetSession;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * face-api.js's FaceRecognitionNet (MIT; a port of dlib's ResNet face recogniser; model
 * {@value #MODEL_ID}): a 128-d descriptor per face, compared by Euclidean distance
 * ({@link #distance}); {@link FaceIdentities} turns descriptors into person numbers. Run on ONNX
 * Runtime or DJL's PyTorch engine. The face is cut out as face-api.js does: the smallest box around
 * the 68 landmarks, widened by 10% on each side ({@link #descriptorRegion}), padded to a centred
 * square, resized to 150x150 and normalised (see the model card).
 *
 * <p>Thread-safe. The session belongs to the runtime, which closes it.
 */
public final class FaceDescriptorNet {
    /** Id of the bundled model. */
    public static final String MODEL_ID = "face-descriptor-128";
    /**
     * The Maven artifact that holds this net's files (about 7.5 MB: {@code model.onnx} and
     * {@code model.pt}, 6 MB each, keep the npm package's 8-bit weight codes and decode them once
     * when the session is created; see the model card). Not a dependency of emotion-vision: add it
     * to re-identify people by descriptor ({@code vision.identity=auto} then uses it).
     */
    public static final String ARTIFACT = "io.github.emotion4j:emotion4j-models-face-identity";
    /** The script that writes this net's files, byte-reproducibly, from npm {@code @vladmandic/face-api@1.7.15}. */
    public static final String CONVERTER = "models/tools/face-landmarks-identity/convert.py";

    /** Whether the descriptor net's files are on the classpath (its card and its ONNX file). */
    public static boolean onClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : FaceDescriptorNet.class.getClassLoader();
        String prefix = io.github.emotion4j.core.model.ModelLocator.CLASSPATH_ROOT + MODEL_ID + "/";
        return loader.getResource(prefix + "model.properties") != null && loader.getResource(prefix + "model.onnx") != null;
    }
    /** Length of a descriptor. */
    public static final int DIMENSION = 128;

    private final FaceNetSession net;

    private FaceDescriptorNet(FaceNetSession net) {
        this.net = net;
    }

    /**
     * Loads the model.
     *
     * @param runtime engines and devices
     * @param folder  a user's model folder, else the bundled model from the classpath
     * @param engine  an engine to force, else the runtime's choice
     */
    public static FaceDescriptorNet load(EngineRuntime runtime, Optional<Path> folder, Optional<EngineKind> engine)
            throws ModelLoadException {
        try {
            return new FaceDescriptorNet(FaceNetSession.load(runtime, MODEL_ID, folder, engine, DIMENSION));
        } catch (ModelLoadException e) {
            String where = folder.isPresent() ? "the model folder " + folder.get() : "the classpath (artifact " + ARTIFACT + ")";
            throw new ModelLoadException(e.getMessage() + " [face descriptor net from " + where + "; " + ARTIFACT
                    + " holds it, and " + CONVERTER + " writes its files from npm @vladmandic/face-api@1.7.15]",
                    e.file().orElse(null), e);
        }
    }

    /** Which model ran, on which engine and device. */
    public ModelInfo info() {
        return net.info();
    }

    /** Descriptors of face crops taken as they are. */
    public List<float[]> ofCrops(List<BufferedImage> crops) {
        return List.of(net.run(Objects.requireNonNull(crops, "crops")));
    }

    /**
     * Descriptors of faces located by their landmarks in an image.
     *
     * @param image     the picture
     * @param landmarks each face's landmarks in its pixels
     */
    public List<float[]> describe(BufferedImage image, List<FaceLandmarks> landmarks) {
        Objects.requireNonNull(image, "image");
        List<BufferedImage> crops = new ArrayList<>(landmarks.size());
        for (FaceLandmarks l : landmarks) {
            crops.add(FaceCrops.crop(image, descriptorRegion(l, image.getWidth(), image.getHeight()), 0));
        }
        return crops.isEmpty() ? List.of() : ofCrops(crops);
    }

    /**
     * face-api.js's {@code FaceLandmarks.align()} (minimum box, 0.2 padding): the smallest box around
     * the points, widened by 10% of its width/height on each side, clipped to the image.
     */
    public static FaceBox descriptorRegion(FaceLandmarks l, int imageWidth, int imageHeight) {
        double[] b = l.bounds();
        double w = b[2] - b[0];
        double h = b[3] - b[1];
        int x0 = (int) Math.max(0, Math.floor(b[0] - 0.1 * w));
        int y0 = (int) Math.max(0, Math.floor(b[1] - 0.1 * h));
        int x1 = (int) Math.min(imageWidth, Math.ceil(b[2] + 0.1 * w));
        int y1 = (int) Math.min(imageHeight, Math.ceil(b[3] + 0.1 * h));
        if (x1 - x0 < 1 || y1 - y0 < 1) {
            throw new IllegalArgumentException("landmarks " + l + " lie outside the " + imageWidth + "x" + imageHeight + " image");
        }
        return new FaceBox(x0, y0, x1 - x0, y1 - y0, 1.0);
    }

    /** Euclidean distance between two descriptors. */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("descriptors of length " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "FaceDescriptorNet[" + net.info() + "]";
    }
}
