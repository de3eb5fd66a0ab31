package io.github.emotion4j.fusion.attention;

import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.model.FusionModel;
import java.nio.file.Path;

/**
 * Attention fusion: multi-head attention of a learned fusion token over the present modalities'
 * tokens, then a classifier ({@link AttentionNet}). Contributions are the attention weights.
 * Immutable and thread-safe.
 */
public final class AttentionFusion extends NeuralFusion {
    /** Id of the bundled default model. */
    public static final String DEFAULT_MODEL = "fusion-attention";

    /**
     * @param model a model with {@code architecture=attention}
     * @throws IllegalArgumentException when the model is of another architecture or its weights do not fit
     */
    public AttentionFusion(FusionModel model) {
        super(check(model), new AttentionNet(model.weights(), model.intProperty("attention.heads", 4)));
    }

    private static FusionModel check(FusionModel model) {
        if (!"attention".equals(model.architecture())) {
            throw new IllegalArgumentException("model " + model.id() + " is a '" + model.architecture()
                    + "' model, not an attention model");
        }
        return model;
    }

    /** Loads a trained model folder. */
    public static AttentionFusion load(Path dir) throws ModelLoadException {
        return smokeTested(new AttentionFusion(FusionModel.fromDirectory(dir)));
    }

    /** The bundled default model ({@value #DEFAULT_MODEL} in the models jar). */
    public static AttentionFusion bundled() throws ModelLoadException {
        return smokeTested(new AttentionFusion(FusionModel.fromClasspath(DEFAULT_MODEL)));
    }

    @Override
    public String name() {
        return "attention";
    }
}
