package io.github.emotion4j.fusion.moe;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.FusionNet;
import io.github.emotion4j.fusion.internal.Affine;
import io.github.emotion4j.fusion.TokenLayout;
import io.github.emotion4j.fusion.model.Weights;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mixture-of-experts fusion network (after MiSTER-E), evaluated in plain Java. Immutable and
 * thread-safe.
 *
 * <p>Four experts — speech-only, vision-only, text-only and cross-modal — each a two-layer MLP
 * giving class probabilities, combined by a gate that sees which modalities are present:
 * <pre>
 *   e_m   = softmax( relu(x_m A1_m + a1_m) A2_m + a2_m )              m in audio, vision, text
 *   c     = [x_audio*mu_audio, x_vision*mu_vision, x_text*mu_text, mu_audio, mu_vision, mu_text]  (51 numbers)
 *   e_x   = softmax( relu(c X1 + x1) X2 + x2 )                        cross-modal expert
 *   g     = softmax over available experts of relu(c G1 + g1) G2 + g2
 *           (expert m available when m is present; cross-modal when two or more are present)
 *   p     = sum_e g_e e_e
 * </pre>
 * Tensors: {@code expert.<audio|vision|text>.hidden.weight [16,E]} / {@code .bias [E]},
 * {@code expert.<...>.out.weight [E,K]} / {@code .bias [K]}, {@code expert.cross.hidden.weight [51,E]},
 * {@code expert.cross.out.*}, {@code gate.hidden.weight [51,G]}, {@code gate.out.weight [G,4]} and
 * biases. The gate values are reported as {@code gate.audio}, {@code gate.vision}, {@code gate.text}
 * and {@code gate.cross-modal}; a modality's contribution is its own expert's gate plus an equal
 * share of the cross-modal gate.
 *
 * <p>With embedding projections {@code embed.<modality>.weight [n_m, d]} in the weights (layout
 * {@code dist16+emb-v1}, see {@link FusionInput}), each token x_m has {@code 16 + d} numbers (the
 * distribution features and the projected embedding), the experts read {@code [16+d, E]} and the
 * cross-modal expert and gate {@code 3(16+d) + 3} numbers ({@link #joint(int)}).
 */
public final class MixtureOfExpertsNet implements FusionNet {
    /** Expert names in gate order. */
    public static final List<String> EXPERTS = List.of("audio", "vision", "text", "cross-modal");
    private static final int M = FusionInput.MODALITIES.size();
    /** Size of the cross-modal and gate input for {@code dist16-v1} tokens. */
    public static final int JOINT = joint(FusionInput.TOKEN_FEATURES);

    private final Weights weights;
    private final TokenLayout layout;
    private final int tokenWidth;
    private final int jointWidth;
    private final int classes;
    private final Affine[] hidden = new Affine[M + 1];
    private final Affine[] output = new Affine[M + 1];
    private final Affine gateHidden;
    private final Affine gateOut;

    /**
     * @param weights the tensors listed above
     * @throws IllegalArgumentException when tensors are missing or shapes disagree
     */
    public MixtureOfExpertsNet(Weights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
        layout = TokenLayout.of(weights);
        tokenWidth = layout.width();
        jointWidth = joint(tokenWidth);
        classes = weights.get("expert.audio.out.weight").dim(1);
        for (int e = 0; e <= M; e++) {
            String name = e < M ? FusionInput.MODALITIES.get(e).word() : "cross";
            int in = e < M ? tokenWidth : jointWidth;
            int hid = weights.get("expert." + name + ".hidden.weight").dim(1);
            hidden[e] = Affine.of(weights, "expert." + name + ".hidden", in, hid);
            output[e] = Affine.of(weights, "expert." + name + ".out", hid, classes);
        }
        int g = weights.get("gate.hidden.weight").dim(1);
        gateHidden = Affine.of(weights, "gate.hidden", jointWidth, g);
        gateOut = Affine.of(weights, "gate.out", g, M + 1);
    }

    /** Size of the cross-modal and gate input for tokens of {@code tokenWidth} numbers. */
    public static int joint(int tokenWidth) {
        return M * tokenWidth + M;
    }

    /** The token layout (with or without embedding projections). */
    public TokenLayout layout() {
        return layout;
    }

    @Override
    public String architecture() {
        return "moe";
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Weights weights() {
        return weights;
    }

    @Override
    public Output forward(FusionInput input) {
        Objects.requireNonNull(input, "input");
        int count = input.count();
        if (count == 0) {
            throw new IllegalArgumentException("nothing to fuse: no modality present");
        }
        float[][] x = layout.tokens(input);
        boolean[] present = input.presence();
        double[] joint = new double[jointWidth];
        for (int m = 0; m < M; m++) {
            if (present[m]) {
                for (int f = 0; f < tokenWidth; f++) {
                    joint[m * tokenWidth + f] = x[m][f];
                }
                joint[M * tokenWidth + m] = 1;
            }
        }
        boolean[] available = new boolean[M + 1];
        double[][] experts = new double[M + 1][];
        for (int e = 0; e <= M; e++) {
            available[e] = e < M ? present[e] : count >= 2;
            if (available[e]) {
                double[] in = e < M ? Affine.doubles(x[e]) : joint;
                experts[e] = Affine.softmax(output[e].apply(Affine.relu(hidden[e].apply(in))));
            }
        }
        double[] gateLogits = gateOut.apply(Affine.relu(gateHidden.apply(joint)));
        double max = Double.NEGATIVE_INFINITY;
        for (int e = 0; e <= M; e++) {
            if (available[e]) {
                max = Math.max(max, gateLogits[e]);
            }
        }
        double[] gate = new double[M + 1];
        double sum = 0;
        for (int e = 0; e <= M; e++) {
            gate[e] = available[e] ? Math.exp(gateLogits[e] - max) : 0;
            sum += gate[e];
        }
        double[] p = new double[classes];
        for (int e = 0; e <= M; e++) {
            gate[e] /= sum;
            if (available[e]) {
                for (int k = 0; k < classes; k++) {
                    p[k] += gate[e] * experts[e][k];
                }
            }
        }
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        Map<String, Double> details = new LinkedHashMap<>();
        for (int e = 0; e <= M; e++) {
            details.put("gate." + EXPERTS.get(e), gate[e]);
        }
        for (int m = 0; m < M; m++) {
            if (present[m]) {
                w.put(FusionInput.MODALITIES.get(m), gate[m] + gate[M] / count);
            }
        }
        return new Output(p, w, details);
    }
}
