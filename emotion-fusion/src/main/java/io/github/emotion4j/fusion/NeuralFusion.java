package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.Divergences;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.fusion.model.FusionModel;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fusion strategy backed by a trained {@link FusionNet}: each present modality's distribution is
 * projected on the canonical seven emotions, calibrated with the model's per-modality temperature,
 * turned into a token ({@link FusionInput}) and fused by the network. Any non-empty subset of
 * modalities works; the evidence's weight is not read (presence is), and its embedding only by a
 * network of layout {@code dist16+emb-v1} ({@link TokenLayout}; absent embeddings project to zeros).
 *
 * <p>The result carries the network's per-modality contributions as weights, its internals
 * (attention weights or gate values) and the temperatures used as details, and the cross-modal
 * inconsistency: the mean pairwise Jensen-Shannon divergence (bits, 0..1) between the canonical
 * distributions as the modalities reported them (before calibration, so that two modalities saying
 * the same thing count as agreeing whatever their temperatures), with the most disagreeing pair.
 * Immutable and thread-safe.
 */
public abstract class NeuralFusion implements FusionStrategy {
    private final FusionModel model;
    private final FusionNet net;

    /**
     * @param model the model (card, temperatures, labels)
     * @param net   the network built from the model's weights
     */
    protected NeuralFusion(FusionModel model, FusionNet net) {
        this.model = Objects.requireNonNull(model, "model");
        this.net = Objects.requireNonNull(net, "net");
        if (net.classes() != model.labels().size()) {
            throw new IllegalArgumentException("model " + model.id() + " lists " + model.labels().size()
                    + " labels but its network has " + net.classes() + " outputs");
        }
    }

    /** The model. */
    public FusionModel model() {
        return model;
    }

    /** The network. */
    public FusionNet net() {
        return net;
    }

    @Override
    public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        FusionInput input = FusionInput.of(evidence);
        if (input.count() == 0) {
            throw new IllegalArgumentException("nothing to fuse");
        }
        return fuse(input);
    }

    /**
     * Runs a freshly built strategy once on a fixed input (every modality present with a uniform
     * distribution) and refuses it when the network's output is not finite: weights that are
     * finite but damaged (e.g. overflowing) would otherwise load and fail at every prediction.
     *
     * @return the strategy, checked
     * @throws ModelLoadException naming the model and its weights file
     */
    public static <T extends NeuralFusion> T smokeTested(T fusion) throws ModelLoadException {
        Map<Modality, double[]> uniform = new EnumMap<>(Modality.class);
        for (Modality m : FusionInput.MODALITIES) {
            double[] p = new double[7];
            java.util.Arrays.fill(p, 1.0 / 7);
            uniform.put(m, p);
        }
        try {
            fusion.fuse(FusionInput.ofCanonical(uniform));
        } catch (InferenceException e) {
            throw new ModelLoadException("Fusion model '" + fusion.model().id() + "': " + FusionModel.WEIGHTS_FILE
                    + " gives non-finite output on a fixed input (uniform distributions for every modality): the file is "
                    + "damaged", null, e);
        }
        return fusion;
    }

    /**
     * Fuses an input directly (used by training and evaluation programs).
     *
     * @throws InferenceException when the network's output is not finite (damaged weights)
     */
    public FusionResult fuse(FusionInput input) {
        Objects.requireNonNull(input, "input");
        FusionInput calibrated = input.withTemperatures(model.temperatures());
        FusionNet.Output out = net.forward(calibrated);
        for (double v : out.probabilities()) {
            if (!Double.isFinite(v)) {
                throw new InferenceException("Fusion model '" + model.id() + "' produced non-finite output "
                        + java.util.Arrays.toString(out.probabilities()) + " for modalities " + calibrated.canonical().keySet()
                        + ": its weights are damaged");
            }
        }
        Divergences.Disagreement d = Divergences.disagreement(input.canonical());
        Map<String, Double> details = new LinkedHashMap<>(out.details());
        for (Modality m : calibrated.canonical().keySet()) {
            details.put("temperature." + m.word(), model.temperatures().getOrDefault(m, 1.0));
        }
        return new FusionResult(name(), EmotionDistribution.fromScores(model.labels(), out.probabilities()),
                out.weights(), Math.min(1, d.mean()), d.worst(), details, false);
    }
}
