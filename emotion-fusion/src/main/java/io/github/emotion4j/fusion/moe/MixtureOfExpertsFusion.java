package io.github.emotion4j.fusion.moe;

import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.model.FusionModel;
import java.nio.file.Path;

/**
 * Mixture-of-experts fusion ({@link MixtureOfExpertsNet}): speech-only, vision-only, text-only and
 * cross-modal experts weighted by a gate that sees which modalities are present. Each result's
 * details hold the gate values ({@code gate.audio}, {@code gate.vision}, {@code gate.text},
 * {@code gate.cross-modal}), so a user can see which expert decided. Immutable and thread-safe.
 */
public final class MixtureOfExpertsFusion extends NeuralFusion {
    /** Id of the bundled default model. */
    public static final String DEFAULT_MODEL = "fusion-moe";

    /**
     * @param model a model with {@code architecture=moe}
     * @throws IllegalArgumentException when the model is of another architecture or its weights do not fit
     */
    public MixtureOfExpertsFusion(FusionModel model) {
        super(check(model), new MixtureOfExpertsNet(model.weights()));
    }

    private static FusionModel check(FusionModel model) {
        if (!"moe".equals(model.architecture())) {
            throw new IllegalArgumentException("model " + model.id() + " is a '" + model.architecture()
                    + "' model, not a mixture-of-experts model");
        }
        return model;
    }

    /** Loads a trained model folder. */
    public static MixtureOfExpertsFusion load(Path dir) throws ModelLoadException {
        return smokeTested(new MixtureOfExpertsFusion(FusionModel.fromDirectory(dir)));
    }

    /** The bundled default model ({@value #DEFAULT_MODEL} in the models jar). */
    public static MixtureOfExpertsFusion bundled() throws ModelLoadException {
        return smokeTested(new MixtureOfExpertsFusion(FusionModel.fromClasspath(DEFAULT_MODEL)));
    }

    @Override
    public String name() {
        return "moe";
    }
}
