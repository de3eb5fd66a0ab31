package io.github.emotion4j.vision;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.dynamics.LiftingParameters;
import io.github.emotion4j.vision.expression.ExpressionHead;
import io.github.emotion4j.vision.expression.ExpressionModel;
import io.github.emotion4j.vision.expression.ExpressionNet;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import io.github.emotion4j.vision.face.VideoFaceFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers the vision analyser ({@code vision-face-api}): Haar face detection, the face-api.js
 * expression network (or a user's folder: another network, or a head over the bundled network's
 * outputs, see {@link ExpressionHead}) and lifting-scheme dynamics. Options: see {@link VisionOptions}. Stateless
 * and thread-safe.
 */
public final class VisionAnalyzerProvider implements ModalityAnalyzerProvider {
    /** The provider's name. */
    public static final String NAME = "vision-face-api";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Modality modality() {
        return Modality.VISION;
    }

    @Override
    public List<OptionSpec<?>> options() {
        return VisionOptions.SPECS;
    }

    @Override
    public ModalityAnalyzer create(AnalyzerContext context) throws ModelLoadException {
        VisionOptions options = VisionOptions.from(context);
        ExpressionNet net = loadNet(context);
        LiftingDynamics dynamics = LiftingDynamics.parameterFree(net.labels().size());
        if (options.dynamicsWeights().isPresent()) {
            Path p = options.dynamicsWeights().get();
            try {
                dynamics = new LiftingDynamics(LiftingParameters.read(p));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read lifting dynamics weights " + p + ": " + e.getMessage(), p, e);
            }
        }
        return new VisionAnalyzer(net, HaarFaceDetector.create(), Optional.of(VideoFaceFinder.regionDetector()), options,
                dynamics);
    }

    /**
     * The user's model folder: a whole network (ONNX/TorchScript) replaces the bundled one; a lone
     * head ({@link ExpressionHead#isHead}) runs on the outputs of the bundled network(s) its card's
     * {@code encoder} names (face-expression-net when absent). No folder: the bundled model chosen by
     * {@code vision.expression} ({@link ExpressionModel#OPTION}).
     */
    static ExpressionNet loadNet(AnalyzerContext context) throws ModelLoadException {
        Optional<Path> folder = context.modelFolder(Modality.VISION);
        if (folder.isPresent()) {
            return ExpressionModel.loadFolder(context.runtime(), folder.get(), Optional.empty());
        }
        return ExpressionModel.OPTION.from(context).load(context.runtime(), Optional.empty());
    }
}
