package io.github.emotion4j.vision.expression;

import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.OptionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bundled expression models, chosen with the option {@code vision.expression} ({@link #OPTION});
 * their model cards give the accuracy of each.
 */
public enum ExpressionModel {
    /** The head over face-expression-net and mini-xception-fer ({@value ExpressionNet#ENSEMBLE_ID}). */
    ENSEMBLE(ExpressionNet.ENSEMBLE_ID),
    /** face-api.js FaceExpressionNet, 112x112 RGB ({@value ExpressionNet#MODEL_ID}). */
    FACE_EXPRESSION_NET(ExpressionNet.MODEL_ID),
    /**
     * face-expression-net with each face's probabilities averaged with those of its mirror image
     * (two passes per face; {@value ExpressionNet#MODEL_ID}'s files).
     */
    FACE_EXPRESSION_NET_MIRROR(ExpressionNet.MODEL_ID, true),
    /** face-expression-net with its last block and classifier fine-tuned on FER2013 train ({@value ExpressionNet#FACE_EXPRESSION_NET_FER_ID}). */
    FACE_EXPRESSION_NET_FER(ExpressionNet.FACE_EXPRESSION_NET_FER_ID),
    /** face-expression-net with every layer fine-tuned on augmented FER2013 train ({@value ExpressionNet#FACE_EXPRESSION_NET_FER_WHOLE_ID}). */
    FACE_EXPRESSION_NET_FER_WHOLE(ExpressionNet.FACE_EXPRESSION_NET_FER_WHOLE_ID),
    /** human's mini-Xception as published, 64x64 grey ({@value ExpressionNet#MINI_XCEPTION_ID}). */
    MINI_XCEPTION(ExpressionNet.MINI_XCEPTION_ID),
    /** mini-Xception fine-tuned on FER2013 train ({@value ExpressionNet#MINI_XCEPTION_FER_ID}). */
    MINI_XCEPTION_FER(ExpressionNet.MINI_XCEPTION_FER_ID);

    /** The option {@code vision.expression}: which bundled model reads the faces. */
    public static final OptionSpec<ExpressionModel> OPTION = OptionSpec.oneOf("vision.expression",
            "expression model: face-expression-net-mirror (default), face-expression-net, face-expression-net-fer, "
                    + "face-expression-net-fer-whole, ensemble, mini-xception or mini-xception-fer", FACE_EXPRESSION_NET_MIRROR);

    private final String id;
    private final boolean mirror;

    ExpressionModel(String id) {
        this(id, false);
    }

    ExpressionModel(String id, boolean mirror) {
        this.id = id;
        this.mirror = mirror;
    }

    /** The value of {@code vision.expression} that selects this model ({@code ensemble}, {@code mini-xception}, ...). */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The bundled model's id (its folder in the models artifact). */
    public String id() {
        return id;
    }

    /**
     * Loads this model from the classpath.
     *
     * @param runtime engines and devices
     * @param engine  an engine to force for every network, else the runtime's choice
     */
    public ExpressionNet load(EngineRuntime runtime, Optional<EngineKind> engine) throws ModelLoadException {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(engine, "engine");
        if (this != ENSEMBLE) {
            ExpressionNet net = ExpressionNet.load(runtime, id, Optional.empty(), engine);
            return mirror ? net.withMirrorAverage(true) : net;
        }
        return loadEnsemble(runtime, ModelLocator.fromClasspath(id), engine);
    }

    /**
     * A user's model folder: a whole network (ONNX/TorchScript) or a lone head
     * ({@link ExpressionHead#isHead}) over the bundled network(s) its card's {@code encoder} names
     * ({@value ExpressionNet#MODEL_ID} when absent).
     *
     * @param runtime engines and devices
     * @param folder  the folder
     * @param engine  an engine to force, else the runtime's choice
     */
    public static ExpressionNet loadFolder(EngineRuntime runtime, Path folder, Optional<EngineKind> engine)
            throws ModelLoadException {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(engine, "engine");
        ModelBundle bundle = ModelLocator.fromDirectory(folder);
        if (!ExpressionHead.isHead(bundle.card())) {
            return ExpressionNet.load(runtime, Optional.of(folder), engine);
        }
        ExpressionHead head = ExpressionHead.load(bundle);
        if (!head.readsDefaultNetwork()) {
            return loadEnsemble(runtime, bundle, engine);
        }
        ExpressionNet net = ExpressionNet.load(runtime, Optional.empty(), engine);
        try {
            return net.withHead(head);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model '" + bundle.card().id() + "' (" + bundle.origin() + "): "
                    + e.getMessage(), bundle.directory(), e);
        }
    }

    /**
     * A head over several bundled networks (its card's {@code encoder} list), each loaded from the
     * classpath and combined with {@link ExpressionNet#combine}.
     *
     * @throws ModelLoadException when the card names a network that is not a bundled expression
     *                            network, or a network does not fit the head
     */
    public static ExpressionNet loadEnsemble(EngineRuntime runtime, ModelBundle headBundle, Optional<EngineKind> engine)
            throws ModelLoadException {
        ExpressionHead head = ExpressionHead.load(headBundle);
        List<String> networks = List.of(FACE_EXPRESSION_NET.id, MINI_XCEPTION.id, MINI_XCEPTION_FER.id);
        for (String member : head.encoders()) {
            if (!networks.contains(member)) {
                throw new ModelLoadException("Model '" + headBundle.card().id() + "' (" + headBundle.origin()
                        + "): a vision head reads the bundled expression networks " + networks + ", this one names encoder="
                        + String.join(",", head.encoders()), headBundle.directory());
            }
        }
        List<ExpressionNet> members = new ArrayList<>();
        for (String member : head.encoders()) {
            members.add(ExpressionNet.load(runtime, member, Optional.empty(), engine));
        }
        try {
            return ExpressionNet.combine(members, head);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model '" + headBundle.card().id() + "' (" + headBundle.origin() + "): "
                    + e.getMessage(), headBundle.directory(), e);
        }
    }
}
