package io.github.emotion4j.vision.expression;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A classification head trained on the bundled {@link ExpressionNet}'s outputs: a model folder
 * whose card has {@code head.layers} (e.g. {@code 7x4:none}), {@code head.normalize},
 * {@code labels} and {@code files=head.bin} but no network file. The head reads a face's
 * <em>features</em>: the natural log of the network's seven class probabilities (FACE_API order),
 * each clamped below at {@code log(1e-6)} ({@link #features(float[])}); its outputs go through a
 * softmax to give probabilities over the card's labels. Labels must be words
 * {@code EmotionLabels} knows, or the card maps them with {@code labelMap.<word>=<emotion>}.
 * An optional {@code encoder} key must name {@value ExpressionNet#MODEL_ID}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param head   the network over the features
 * @param labels the output labels (head order)
 * @param info     provenance (engine {@code java})
 * @param encoders ids of the networks whose outputs the head reads, in feature order
 * @param flipAverage whether each network's probabilities are first averaged over the face and its
 *                    mirror image (card key {@code head.flipAverage=true}; only for a head over
 *                    several networks, {@link ExpressionNet#combine})
 */
public record ExpressionHead(DenseHead head, LabelSet labels, ModelInfo info, List<String> encoders, boolean flipAverage) {
    /** Lower clamp of a probability before its log is taken. */
    public static final double MIN_PROBABILITY = 1e-6;

    /** Checks the components and copies the mutable ones. */
    public ExpressionHead {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(info, "info");
        encoders = List.copyOf(encoders);
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("a head reads at least one network");
        }
        if (head.outputSize() != labels.size()) {
            throw new IllegalArgumentException("head gives " + head.outputSize() + " outputs but has "
                    + labels.size() + " labels " + labels.labels());
        }
    }

    /** A head over the outputs of {@value ExpressionNet#MODEL_ID}. */
    public ExpressionHead(DenseHead head, LabelSet labels, ModelInfo info) {
        this(head, labels, info, List.of(ExpressionNet.MODEL_ID), false);
    }

    /**
     * Whether a card describes such a head: it has {@code head.layers} and lists no ONNX or
     * TorchScript network.
     */
    public static boolean isHead(ModelCard card) {
        Objects.requireNonNull(card, "card");
        return card.property("head.layers").isPresent()
                && card.files().values().stream().noneMatch(f -> f == ModelFormat.ONNX || f == ModelFormat.TORCHSCRIPT);
    }

    /**
     * Loads a head from a model folder.
     *
     * @throws ModelLoadException when the card's encoder list is empty, has an activation other than
     *                            softmax, lacks labels or has a label that maps to no emotion
     */
    public static ExpressionHead load(ModelBundle bundle) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        ModelCard card = bundle.card();
        String where = "Model '" + card.id() + "' (" + bundle.origin() + "): ";
        List<String> encoders = Arrays.stream(card.property("encoder").orElse(ExpressionNet.MODEL_ID).split(","))
                .map(String::strip).filter(e -> !e.isEmpty()).toList();
        if (encoders.isEmpty()) {
            throw new ModelLoadException(where + "encoder= names no network", bundle.directory());
        }
        String activation = card.activation().strip().toLowerCase(Locale.ROOT);
        if (!activation.isEmpty() && !activation.equals("softmax")) {
            throw new ModelLoadException(where + "a vision head needs activation=softmax, was " + activation,
                    bundle.directory());
        }
        LabelSet labels;
        try {
            labels = card.outputLabels(label -> Optional.empty());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException(where + e.getMessage(), bundle.directory(), e);
        }
        DenseHead head = DenseHead.load(bundle);
        String file = card.property("head.file").orElse("head.bin");
        ModelInfo info = new ModelInfo(card.id(), card.version(), bundle.sha256(file), "java", "cpu");
        try {
            return new ExpressionHead(head, labels, info, encoders,
                    Boolean.parseBoolean(card.property("head.flipAverage").orElse("false").strip()));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + e.getMessage(), bundle.directory(), e);
        }
    }

    /** Number of features the head reads. */
    public int inputSize() {
        return head.inputSize();
    }

    /**
     * Whether the head reads only {@value ExpressionNet#MODEL_ID}'s outputs without mirror averaging
     * (a head for {@link ExpressionNet#withHead}).
     */
    public boolean readsDefaultNetwork() {
        return encoders.equals(List.of(ExpressionNet.MODEL_ID)) && !flipAverage;
    }

    /**
     * The head's input for one face: {@code ln(max(p, 1e-6))} of each network probability.
     *
     * @param probabilities the network's class probabilities (FACE_API order), or for a head over
     *                      several networks their probabilities one network after the other
     */
    public static float[] features(float[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        float[] f = new float[probabilities.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.log(Math.max(MIN_PROBABILITY, probabilities[i]));
        }
        return f;
    }

    /**
     * Per-label probabilities (head order) for one face.
     *
     * @param networkProbabilities the network's class probabilities (FACE_API order)
     */
    public float[] probabilities(float[] networkProbabilities) {
        float[] v = head.forward(features(networkProbabilities));
        ExpressionNet.softmaxInPlace(v);
        return v;
    }
}
