package io.github.emotion4j.training.fusion;

import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.NeuralFusion;
import java.util.List;

/** How far the plain-Java network's probabilities are from DJL's training forward on the same weights. */
final class ForwardParity {
    private ForwardParity() {
    }

    /** The largest absolute difference over every input and class. */
    static double largestDifference(NeuralFusion f, List<FusionInput> inputs) {
        double[][] djl = DjlForward.probabilities(f.model(), inputs);
        double worst = 0;
        for (int i = 0; i < inputs.size(); i++) {
            double[] java = f.net().forward(inputs.get(i)).probabilities();
            for (int k = 0; k < java.length; k++) {
                worst = Math.max(worst, Math.abs(java[k] - djl[i][k]));
            }
        }
        return worst;
    }
}
