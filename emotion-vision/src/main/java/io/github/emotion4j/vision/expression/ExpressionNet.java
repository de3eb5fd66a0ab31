package io.github.emotion4j.vision.expression;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A facial-expression network converted to ONNX and TorchScript, run through emotion-core's
 * {@link EngineRuntime} on ONNX Runtime or DJL's PyTorch engine: the face-api.js FaceExpressionNet
 * ({@value #MODEL_ID}, seven classes, MIT), human's mini-Xception ({@value #MINI_XCEPTION_ID}, MIT)
 * or its FER2013 fine-tune ({@value #MINI_XCEPTION_FER_ID}), or a user's folder. Faces are
 * preprocessed by {@link FacePreprocessor} from the card's {@code preprocess.*} keys.
 *
 * <pre>{@code
 * try (EngineRuntime rt = EngineRuntime.cpu()) {
 *     ExpressionNet net = ExpressionNet.load(rt, Optional.empty(), Optional.empty());
 *     EmotionDistribution d = net.distribution(net.probabilities(List.of(faceCrop))[0]);
 * }
 * }</pre>
 *
 * <p>With a trained {@link ExpressionHead} ({@link #withHead(ExpressionHead)}), every face's seven
 * probabilities are mapped through the head: {@link #probabilities(List)}, {@link #runTensor},
 * {@link #labels()} and {@link #info()} then speak of the head's labels and model, and
 * {@link #networkLabels()} / {@link #networkInfo()} of the network underneath.
 *
 * <p>{@link #combine(List, ExpressionHead)} makes one expression model of several networks and a
 * head over all their outputs (the bundled {@value #ENSEMBLE_ID}); each member preprocesses the
 * faces its own way. Such an ensemble has no single input tensor: {@link #runTensor} refuses it,
 * and {@link #card()}, {@link #preprocessor()}, {@link #networkInfo()} and {@link #networkLabels()}
 * speak of its first member.
 *
 * <p>Loading runs the network once on a fixed input and refuses non-finite or misshapen output
 * with a {@link ModelLoadException}; at prediction time such output is an {@link InferenceException}.
 *
 * <p>Thread-safe (sessions are). The session belongs to the runtime, which closes it.
 */
public final class ExpressionNet {
    /** Id of the bundled face-api.js FaceExpressionNet (the network a user's lone head reads). */
    public static final String MODEL_ID = "face-expression-net";
    /** Id of the bundled mini-Xception of {@code @vladmandic/human@3.3.6} (64x64 grey, FER2013 labels). */
    public static final String MINI_XCEPTION_ID = "mini-xception";
    /** Id of the bundled mini-Xception fine-tuned on FER2013 train with DJL. */
    public static final String MINI_XCEPTION_FER_ID = "mini-xception-fer";
    /**
     * Id of the bundled face-expression-net whose last dense block and classifier were fine-tuned on
     * FER2013 train with DJL (same input, preprocessing and label order as {@value #MODEL_ID}).
     */
    public static final String FACE_EXPRESSION_NET_FER_ID = "face-expression-net-fer";
    /**
     * Id of the bundled face-expression-net with every layer fine-tuned on augmented FER2013 train
     * with DJL (same input, preprocessing and label order as {@value #MODEL_ID}).
     */
    public static final String FACE_EXPRESSION_NET_FER_WHOLE_ID = "face-expression-net-fer-whole";
    /** Id of the bundled head over {@value #MODEL_ID} and {@value #MINI_XCEPTION_FER_ID}. */
    public static final String ENSEMBLE_ID = "expression-ensemble";
    /**
     * Card key: when {@code true}, {@link #probabilities(List)} averages each face's probabilities
     * with those of its mirror image (two passes per face); {@link #runTensor} is a single pass.
     */
    public static final String MIRROR_AVERAGE_KEY = "tta.mirrorAverage";
    /** Largest batch sent to the engine in one call. */
    public static final int MAX_BATCH = 32;

    private final ModelCard card;
    private final InferenceSession session;
    private final FacePreprocessor preprocessor;
    private final LabelSet labels;
    private final String inputName;
    private final String outputName;
    private final boolean applySoftmax;
    private final ModelInfo info;
    private final ExpressionHead head;
    private final List<ExpressionNet> members;
    private final boolean mirrorAverage;

    private ExpressionNet(ExpressionNet net, ExpressionHead head) {
        this(net, head, List.of());
    }

    private ExpressionNet(ExpressionNet net, ExpressionHead head, List<ExpressionNet> members) {
        this(net, head, members, net.mirrorAverage);
    }

    /** A copy of a net (same session and preprocessing) with another head, members and mirror setting. */
    private ExpressionNet(ExpressionNet net, ExpressionHead head, List<ExpressionNet> members, boolean mirrorAverage) {
        this.card = net.card;
        this.session = net.session;
        this.preprocessor = net.preprocessor;
        this.labels = net.labels;
        this.inputName = net.inputName;
        this.outputName = net.outputName;
        this.applySoftmax = net.applySoftmax;
        this.info = net.info;
        this.head = head;
        this.members = List.copyOf(members);
        this.mirrorAverage = mirrorAverage;
    }

    private ExpressionNet(ModelBundle bundle, InferenceSession session) throws ModelLoadException {
        this.card = bundle.card();
        this.session = session;
        this.preprocessor = FacePreprocessor.fromCard(card);
        this.labels = card.labelSetOrParsed();
        this.inputName = card.inputs().get(0).name();
        this.outputName = card.outputs().get(0).name();
        // the card's activation is what still turns outputs into probabilities; an output named
        // "probabilities" already holds them
        this.applySoftmax = "softmax".equalsIgnoreCase(card.activation()) && !outputName.startsWith("prob");
        String file = session.modelFile().getFileName().toString();
        String sha = Optional.ofNullable(bundle.sha256(file)).orElse("");
        this.info = new ModelInfo(card.id(), card.version(), sha, session.engine().displayName(), session.device());
        this.head = null;
        this.members = List.of();
        this.mirrorAverage = Boolean.parseBoolean(card.property(MIRROR_AVERAGE_KEY).orElse("false").strip());
    }

    /**
     * This network with a head over its outputs.
     *
     * @throws IllegalArgumentException when the head does not read as many features as the
     *                                  network has classes
     */
    public ExpressionNet withHead(ExpressionHead head) {
        Objects.requireNonNull(head, "head");
        if (!members.isEmpty()) {
            throw new IllegalStateException("an ensemble already ends in its head " + this.head.info().id());
        }
        if (head.inputSize() != labels.size()) {
            throw new IllegalArgumentException("head " + head.info().id() + " reads " + head.inputSize()
                    + " features but " + card.id() + " gives " + labels.size() + " probabilities");
        }
        return new ExpressionNet(this.head == null ? this : new ExpressionNet(this, null), head);
    }

    /** The head over the network's outputs, if any. */
    public Optional<ExpressionHead> head() {
        return Optional.ofNullable(head);
    }

    /**
     * One expression model of several networks and a head over all their outputs: for each face,
     * every member's probabilities (in the member's label order, through its own preprocessing) are
     * concatenated in member order and mapped through the head.
     *
     * @param members the networks, in the order of the head's {@link ExpressionHead#encoders()}
     * @param head    the head over their outputs
     * @throws IllegalArgumentException when the members are not the head's encoders (by id, in
     *                                  order), a member has a head or is an ensemble itself, or the
     *                                  head reads another number of features
     */
    public static ExpressionNet combine(List<ExpressionNet> members, ExpressionHead head) {
        Objects.requireNonNull(head, "head");
        List<ExpressionNet> m = List.copyOf(Objects.requireNonNull(members, "members"));
        if (m.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one network");
        }
        List<String> ids = m.stream().map(n -> n.info.id()).toList();
        if (!ids.equals(head.encoders())) {
            throw new IllegalArgumentException("head " + head.info().id() + " reads " + head.encoders() + ", given " + ids);
        }
        int features = 0;
        for (ExpressionNet n : m) {
            if (n.head != null) {
                throw new IllegalArgumentException("member " + n.info.id() + " has a head or is an ensemble");
            }
            features += n.labels.size();
        }
        if (features != head.inputSize()) {
            throw new IllegalArgumentException("head " + head.info().id() + " reads " + head.inputSize()
                    + " features but its networks give " + features + " probabilities");
        }
        return new ExpressionNet(m.get(0), head, m);
    }

    /** The networks of an ensemble ({@link #combine}); empty for a single network. */
    public List<ExpressionNet> members() {
        return members;
    }

    /**
     * Loads the bundled {@value #MODEL_ID} (or a user's folder holding a whole network).
     *
     * @param runtime engines and devices
     * @param folder  a user's model folder, else the bundled model from the classpath
     * @param engine  an engine to force, else the runtime's choice
     */
    public static ExpressionNet load(EngineRuntime runtime, Optional<Path> folder, Optional<EngineKind> engine)
            throws ModelLoadException {
        return load(runtime, MODEL_ID, folder, engine);
    }

    /**
     * Loads a network by id: {@value #MODEL_ID}, {@value #MINI_XCEPTION_ID}, {@value #MINI_XCEPTION_FER_ID}
     * (bundled) or a user's folder.
     *
     * @param runtime engines and devices
     * @param id      the bundled model's id (the classpath folder under the models artifact)
     * @param folder  a user's model folder (then {@code id} is not used), else the bundled model
     * @param engine  an engine to force, else the runtime's choice
     */
    public static ExpressionNet load(EngineRuntime runtime, String id, Optional<Path> folder, Optional<EngineKind> engine)
            throws ModelLoadException {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engine, "engine");
        ModelBundle bundle = ModelLocator.locate(id, Objects.requireNonNull(folder, "folder"));
        InferenceSession s = engine.isPresent() ? runtime.session(bundle, engine.get()) : runtime.session(bundle);
        ExpressionNet net = new ExpressionNet(bundle, s);
        net.smokeTest();
        return net;
    }

    /**
     * Runs the network once on a fixed input (a mid-grey face: all zeros after preprocessing) and
     * refuses a model whose output has the wrong shape or is not finite, so damaged weights fail at
     * load rather than at every prediction.
     */
    private void smokeTest() throws ModelLoadException {
        int side = preprocessor.size();
        try {
            runTensor(new float[preprocessor.tensorSize()], 1, side);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + card.id() + "': " + session.describeFile()
                    + " fails the load-time check on a fixed face input: " + e.getMessage(),
                    session.modelFile(), e);
        }
    }

    /** The model's card. */
    public ModelCard card() {
        return card;
    }

    /** Which model gave the labels: the head's when there is one, else the network's. */
    public ModelInfo info() {
        return head != null ? head.info() : info;
    }

    /** The network that ran, on which engine and device. */
    public ModelInfo networkInfo() {
        return info;
    }

    /** Every model in use: the network (every member of an ensemble), then the head if any. */
    public List<ModelInfo> models() {
        if (!members.isEmpty()) {
            List<ModelInfo> all = new java.util.ArrayList<>();
            members.forEach(n -> all.add(n.info));
            all.add(head.info());
            return List.copyOf(all);
        }
        return head != null ? List.of(info, head.info()) : List.of(info);
    }

    /** The preprocessing in use. */
    public FacePreprocessor preprocessor() {
        return preprocessor;
    }

    /** The output labels: the head's when there is one, else the network's (FACE_API order for the bundled model). */
    public LabelSet labels() {
        return head != null ? head.labels() : labels;
    }

    /** The network's own labels (FACE_API order for the bundled model). */
    public LabelSet networkLabels() {
        return labels;
    }

    /**
     * Class probabilities for each face, in {@link #labels()} order (through the head when there is one).
     *
     * @param faces face crops (any size; padded to square and resized here)
     */
    public float[][] probabilities(List<BufferedImage> faces) {
        Objects.requireNonNull(faces, "faces");
        if (!members.isEmpty()) {
            return ensembleProbabilities(faces);
        }
        int n = faces.size();
        float[][] out = new float[n][];
        int per = preprocessor.tensorSize();
        int side = preprocessor.size();
        // with mirror averaging each face and its mirror image (preprocessed from the face itself) go in one call
        int views = mirrorAverage ? 2 : 1;
        int chunk = MAX_BATCH / views;
        for (int start = 0; start < n; start += chunk) {
            int b = Math.min(chunk, n - start);
            float[] input = new float[views * b * per];
            for (int i = 0; i < b; i++) {
                preprocessor.apply(faces.get(start + i), input, i * per);
                if (mirrorAverage) {
                    preprocessor.applyMirrored(faces.get(start + i), input, (b + i) * per);
                }
            }
            float[][] batch = runTensor(input, views * b, side);
            for (int i = 0; i < b; i++) {
                out[start + i] = batch[i];
                if (mirrorAverage) {
                    float[] q = batch[b + i];
                    for (int k = 0; k < out[start + i].length; k++) {
                        out[start + i][k] = (out[start + i][k] + q[k]) / 2;
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@link #probabilities(List)} averages over each face and its mirror image ({@value #MIRROR_AVERAGE_KEY}). */
    public boolean mirrorAverage() {
        return mirrorAverage;
    }

    /**
     * This network with mirror averaging on or off (whatever its card's {@value #MIRROR_AVERAGE_KEY} says).
     *
     * @throws IllegalStateException for an ensemble (its head's {@code head.flipAverage} decides)
     */
    public ExpressionNet withMirrorAverage(boolean on) {
        if (!members.isEmpty()) {
            throw new IllegalStateException("ensemble " + head.info().id() + ": mirror averaging is its head's head.flipAverage");
        }
        return new ExpressionNet(this, head, members, on);
    }

    private float[][] ensembleProbabilities(List<BufferedImage> faces) {
        int n = faces.size();
        float[][][] parts = new float[members.size()][][];
        for (int m = 0; m < parts.length; m++) {
            // flip averaging: each member averages over the face and its mirror image
            parts[m] = head.flipAverage() ? members.get(m).withMirrorAverage(true).probabilities(faces)
                    : members.get(m).probabilities(faces);
        }
        float[][] out = new float[n][];
        float[] joint = new float[head.inputSize()];
        for (int i = 0; i < n; i++) {
            int o = 0;
            for (float[][] part : parts) {
                System.arraycopy(part[i], 0, joint, o, part[i].length);
                o += part[i].length;
            }
            out[i] = head.probabilities(joint);
        }
        return out;
    }

    /**
     * Class probabilities for already preprocessed inputs ({@code b} faces, channel-first), in
     * {@link #labels()} order (through the head when there is one).
     *
     * @throws IllegalStateException for an ensemble, whose members read different inputs
     */
    public float[][] runTensor(float[] input, int b, int side) {
        if (!members.isEmpty()) {
            throw new IllegalStateException("ensemble " + head.info().id() + " has no single input tensor; "
                    + "use probabilities(List) or a member's runTensor");
        }
        Map<String, Tensor> res = session.run(Map.of(inputName, Tensor.of(input, b, 3, side, side)));
        Tensor t = res.get(outputName);
        if (t == null || t.rank() != 2 || t.dim(0) != b || t.dim(1) != labels.size()) {
            throw new InferenceException("model " + card.id() + " returned " + t + " for a batch of " + b
                    + "; expected [" + b + ", " + labels.size() + "]");
        }
        float[] v = t.floats();
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new InferenceException("model " + card.id() + " (" + session.modelFile().getFileName()
                        + ") gave a non-finite output for a batch of " + b + " (damaged weights?)");
            }
        }
        int c = labels.size();
        float[][] out = new float[b][c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(v, i * c, out[i], 0, c);
            if (applySoftmax) {
                softmaxInPlace(out[i]);
            }
            if (head != null) {
                out[i] = head.probabilities(out[i]);
            }
        }
        return out;
    }

    /** A face's probabilities (in {@link #labels()} order) as an emotion distribution. */
    public EmotionDistribution distribution(float[] probabilities) {
        return labels().toDistribution(probabilities);
    }

    static void softmaxInPlace(float[] v) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) sum;
        }
    }

    @Override
    public String toString() {
        if (!members.isEmpty()) {
            return "ExpressionNet[ensemble " + head.info() + " over " + members.stream().map(n -> n.info.toString()).toList() + "]";
        }
        return "ExpressionNet[" + info + (head != null ? " + head " + head.info() : "") + "]";
    }
}
