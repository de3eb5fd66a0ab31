package io.github.emotion4j.vision;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
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
import io.github.emotion4j.vision.face.BlazeFaceDetector;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import io.github.emotion4j.vision.face.VideoFaceFinder;
import io.github.emotion4j.vision.identity.FaceDescriptorNet;
import io.github.emotion4j.vision.landmarks.FaceAligner;
import io.github.emotion4j.vision.landmarks.LandmarkNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Registers the vision analyser ({@code vision-face-api}): face detection (MediaPipe BlazeFace by
 * default, OpenCV's Haar cascade with {@code vision.detector=haar}), face-api.js's 68-point
 * landmarks and 128-d face descriptors ({@link FaceAnalysisOptions}), the face-api.js
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
        List<OptionSpec<?>> all = new java.util.ArrayList<>(VisionOptions.SPECS);
        all.addAll(FaceAnalysisOptions.SPECS);
        return List.copyOf(all);
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
        if (options.detector() == VisionOptions.Detector.HAAR) {
            return new VisionAnalyzer(net, HaarFaceDetector.create(), Optional.of(VideoFaceFinder.regionDetector()),
                    options, dynamics, loadFaceModels(context), context.executor());
        }
        return new VisionAnalyzer(net, blazeFace(context.runtime(), options, context.executor()),
                Optional.of(blazeFaceRegion(context.runtime())), options, dynamics, loadFaceModels(context),
                context.executor());
    }

    /**
     * The BlazeFace detector for whole images and full video frames, tiled down to
     * {@code vision.detector.minFace}, its passes side by side on the recognizer's executor.
     */
    static BlazeFaceDetector blazeFace(EngineRuntime runtime, VisionOptions options, Executor executor)
            throws ModelLoadException {
        return BlazeFaceDetector.builder(runtime).minFace(options.minFace()).executor(executor).build();
    }

    /**
     * The BlazeFace detector for the neighbourhood of a face seen in the previous video frame (see
     * {@link VideoFaceFinder}): the short-range model alone, no tiles (the face fills about half of
     * the neighbourhood).
     */
    static BlazeFaceDetector blazeFaceRegion(EngineRuntime runtime) throws ModelLoadException {
        return BlazeFaceDetector.builder(runtime).passes(BlazeFaceDetector.Passes.FRONT).minFace(0).build();
    }

    /** The landmark and descriptor nets the {@code vision.landmarks} / {@code vision.identity} options ask for. */
    static FaceModels loadFaceModels(AnalyzerContext context) throws ModelLoadException {
        FaceAnalysisOptions o = FaceAnalysisOptions.from(context);
        if (!o.landmarks()) {
            return new FaceModels(Optional.empty(), Optional.empty(), FaceAligner.DEFAULT, o);
        }
        LandmarkNet lm = LandmarkNet.load(context.runtime(), Optional.empty(), Optional.empty());
        boolean wanted = o.identity() == FaceAnalysisOptions.Identity.DESCRIPTOR
                || o.identity() == FaceAnalysisOptions.Identity.AUTO && FaceDescriptorNet.onClasspath();
        if (o.identity() == FaceAnalysisOptions.Identity.DESCRIPTOR && !FaceDescriptorNet.onClasspath()) {
            throw new ModelLoadException("vision.identity=descriptor needs the face descriptor net: add the dependency "
                    + FaceDescriptorNet.ARTIFACT + " (same version as emotion-vision; its files are written by "
                    + FaceDescriptorNet.CONVERTER + "), or use vision.identity=auto or track");
        }
        Optional<FaceDescriptorNet> d = wanted
                ? Optional.of(FaceDescriptorNet.load(context.runtime(), Optional.empty(), Optional.empty())) : Optional.empty();
        return new FaceModels(Optional.of(lm), d, FaceAligner.DEFAULT, o);
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
