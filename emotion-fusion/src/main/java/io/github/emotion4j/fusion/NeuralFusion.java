package io.github.emotion4j.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.Divergences;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.fusion.model.FusionModel;
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

    /** Fuses an input directly (used by training and evaluation programs). */
    public FusionResult fuse(FusionInput input) {
        Objects.requireNonNull(input, "input");
        FusionInput calibrated = input.withTemperatures(model.temperatures());
        FusionNet.Output out = net.forward(calibrated);
        Divergences.Disagreement d = Divergences.disagreement(input.canonical());
        Map<String, Double> details = new LinkedHashMap<>(out.details());
        for (Modality m : calibrated.canonical().keySet()) {
            details.put("temperature." + m.word(), model.temperatures().getOrDefault(m, 1.0));
        }
        return new FusionResult(name(), EmotionDistribution.fromScores(model.labels(), out.probabilities()),
                out.weights(), Math.min(1, d.mean()), d.worst(), details, false);
    }
}
