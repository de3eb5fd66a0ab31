package io.github.emotion4j.vision.landmarks;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.vision.expression.FacePreprocessor;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.face.FaceCrops;
import io.github.emotion4j.vision.internal.FaceNetSession;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * face-api.js's FaceLandmark68Net (MIT, model {@value #MODEL_ID}): 68 facial landmarks of a face
 * crop, run on ONNX Runtime or DJL's PyTorch engine. The crop is padded to a centred square,
 * resized to 112x112 and normalised like the expression net (see the model card); the network
 * gives the points relative to that square, mapped back here to image pixels as face-api.js's
 * {@code postProcess} does.
 *
 * <p>Faces smaller than {@link #MIN_FACE_SIDE} pixels are not given landmarks
 * ({@link #locate} returns empty for them): the net reads 112x112 and upsampling a tiny face
 * gives points that wander by several pixels.
 *
 * <p>Thread-safe. The session belongs to the runtime, which closes it.
 */
public final class LandmarkNet {
    /** Id of the bundled model. */
    public static final String MODEL_ID = "face-landmarks-68";
    /** Smallest box side (pixels, the shorter of width and height) given landmarks. */
    public static final int MIN_FACE_SIDE = 32;

    private final FaceNetSession net;

    private LandmarkNet(FaceNetSession net) {
        this.net = net;
    }

    /**
     * Loads the model.
     *
     * @param runtime engines and devices
     * @param folder  a user's model folder, else the bundled model from the classpath
     * @param engine  an engine to force, else the runtime's choice
     */
    public static LandmarkNet load(EngineRuntime runtime, Optional<Path> folder, Optional<EngineKind> engine)
            throws ModelLoadException {
        return new LandmarkNet(FaceNetSession.load(runtime, MODEL_ID, folder, engine, 2 * FaceLandmarks.COUNT));
    }

    /** Which model ran, on which engine and device. */
    public ModelInfo info() {
        return net.info();
    }

    /** Whether a box is large enough for landmarks ({@link #MIN_FACE_SIDE}). */
    public static boolean largeEnough(FaceBox box) {
        return Math.min(box.width(), box.height()) >= MIN_FACE_SIDE;
    }

    /**
     * Landmarks of whole face crops, in the crops' own pixels (any size; no minimum).
     */
    public List<FaceLandmarks> ofCrops(List<BufferedImage> crops) {
        Objects.requireNonNull(crops, "crops");
        float[][] raw = net.run(crops);
        List<FaceLandmarks> out = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            out.add(toPixels(raw[i], crops.get(i).getWidth(), crops.get(i).getHeight(), 0, 0));
        }
        return out;
    }

    /**
     * Landmarks of the faces of an image, in image pixels: each box is cut out as it is (no margin,
     * as face-api.js does), clipped to the image.
     *
     * @return one entry per box, in order; empty for a box smaller than {@link #MIN_FACE_SIDE}
     */
    public List<Optional<FaceLandmarks>> locate(BufferedImage image, List<FaceBox> boxes) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(boxes, "boxes");
        List<BufferedImage> crops = new ArrayList<>();
        List<FaceBox> regions = new ArrayList<>();
        for (FaceBox b : boxes) {
            if (largeEnough(b)) {
                FaceBox r = FaceCrops.expand(b, 0, image.getWidth(), image.getHeight());
                regions.add(r);
                crops.add(FaceCrops.crop(image, r, 0));
            }
        }
        float[][] raw = crops.isEmpty() ? new float[0][] : net.run(crops);
        List<Optional<FaceLandmarks>> out = new ArrayList<>(boxes.size());
        int k = 0;
        for (FaceBox b : boxes) {
            if (largeEnough(b)) {
                FaceBox r = regions.get(k);
                out.add(Optional.of(toPixels(raw[k], r.width(), r.height(), r.x(), r.y())));
                k++;
            } else {
                out.add(Optional.empty());
            }
        }
        return out;
    }

    /** Maps the net's output (relative to the padded square) to pixels of a {@code w x h} crop at {@code (x0, y0)}. */
    static FaceLandmarks toPixels(float[] raw, int w, int h, int x0, int y0) {
        int side = Math.max(w, h);
        int padX = w < h ? FacePreprocessor.leadingPad(w, h) : 0;
        int padY = h < w ? FacePreprocessor.leadingPad(w, h) : 0;
        float[] xy = new float[raw.length];
        for (int i = 0; i < raw.length; i += 2) {
            xy[i] = raw[i] * side - padX + x0;
            xy[i + 1] = raw[i + 1] * side - padY + y0;
        }
        return new FaceLandmarks(xy);
    }

    /** The raw outputs (136 values per crop, relative to the padded 112x112 square), for checks against face-api.js. */
    public float[][] raw(List<BufferedImage> crops) {
        return net.run(crops);
    }

    @Override
    public String toString() {
        return "LandmarkNet[" + net.info() + "]";
    }
}
