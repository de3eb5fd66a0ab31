package io.github.emotion4j.vision.internal;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.vision.expression.FacePreprocessor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A face network with one image input {@code [N, 3, S, S]} and one output {@code [N, W]}, loaded
 * from its model card (located like every model: a user's folder, else the classpath) and fed by
 * {@link FacePreprocessor} from the card's {@code preprocess.*} keys. Loading runs it once on a
 * mid-grey face and refuses misshapen or non-finite output. Shared by the landmark and descriptor
 * nets; not public API.
 *
 * <p>Thread-safe (sessions are). The session belongs to the runtime, which closes it.
 */
public final class FaceNetSession {
    /** Largest batch sent to the engine in one call. */
    public static final int MAX_BATCH = 32;

    private final ModelCard card;
    private final InferenceSession session;
    private final FacePreprocessor preprocessor;
    private final String inputName;
    private final String outputName;
    private final int width;
    private final ModelInfo info;

    private FaceNetSession(ModelBundle bundle, InferenceSession session, int width) throws ModelLoadException {
        this.card = bundle.card();
        this.session = session;
        this.preprocessor = FacePreprocessor.fromCard(card);
        this.inputName = card.inputs().get(0).name();
        this.outputName = card.outputs().get(0).name();
        long[] out = card.outputs().get(0).shape();
        if (out.length != 2 || out[1] != width) {
            throw new ModelLoadException("model " + card.id() + ": expected an output [-1, " + width + "], its card says "
                    + java.util.Arrays.toString(out), bundle.directory());
        }
        this.width = width;
        String file = session.modelFile().getFileName().toString();
        this.info = new ModelInfo(card.id(), card.version(), Optional.ofNullable(bundle.sha256(file)).orElse(""),
                session.engine().displayName(), session.device());
    }

    /**
     * Loads and checks a face network.
     *
     * @param runtime engines and devices
     * @param modelId the bundled model's id
     * @param folder  a user's model folder, else the bundled model
     * @param engine  an engine to force, else the runtime's choice
     * @param width   the output width the caller expects
     */
    public static FaceNetSession load(EngineRuntime runtime, String modelId, Optional<Path> folder,
                                      Optional<EngineKind> engine, int width) throws ModelLoadException {
        Objects.requireNonNull(runtime, "runtime");
        ModelBundle bundle = ModelLocator.locate(modelId, Objects.requireNonNull(folder, "folder"));
        InferenceSession s = engine.isPresent() ? runtime.session(bundle, engine.get()) : runtime.session(bundle);
        FaceNetSession net = new FaceNetSession(bundle, s, width);
        try {
            net.runTensor(new float[net.preprocessor.tensorSize()], 1);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + bundle.card().id() + "': " + s.describeFile()
                    + " fails the load-time check on a fixed face input: " + e.getMessage(), s.modelFile(), e);
        }
        return net;
    }

    /** The card. */
    public ModelCard card() {
        return card;
    }

    /** Which model ran, on which engine and device. */
    public ModelInfo info() {
        return info;
    }

    /** The preprocessing. */
    public FacePreprocessor preprocessor() {
        return preprocessor;
    }

    /** The raw outputs for each face crop (padded to a square and resized by the preprocessor). */
    public float[][] run(List<BufferedImage> faces) {
        Objects.requireNonNull(faces, "faces");
        int n = faces.size();
        float[][] out = new float[n][];
        int per = preprocessor.tensorSize();
        for (int start = 0; start < n; start += MAX_BATCH) {
            int b = Math.min(MAX_BATCH, n - start);
            float[] input = new float[b * per];
            for (int i = 0; i < b; i++) {
                preprocessor.apply(faces.get(start + i), input, i * per);
            }
            System.arraycopy(runTensor(input, b), 0, out, start, b);
        }
        return out;
    }

    /** The raw outputs for {@code b} preprocessed faces laid out channel-first. */
    public float[][] runTensor(float[] input, int b) {
        int side = preprocessor.size();
        Map<String, Tensor> res = session.run(Map.of(inputName, Tensor.of(input, b, 3, side, side)));
        Tensor t = res.get(outputName);
        if (t == null || t.rank() != 2 || t.dim(0) != b || t.dim(1) != width) {
            throw new InferenceException("model " + card.id() + " returned " + t + " for a batch of " + b
                    + "; expected [" + b + ", " + width + "]");
        }
        float[] v = t.floats();
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new InferenceException("model " + card.id() + " (" + session.modelFile().getFileName()
                        + ") gave a non-finite output for a batch of " + b + " (damaged weights?)");
            }
        }
        float[][] out = new float[b][width];
        for (int i = 0; i < b; i++) {
            System.arraycopy(v, i * width, out[i], 0, width);
        }
        return out;
    }

    @Override
    public String toString() {
        return "FaceNetSession[" + info + "]";
    }
}
