package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probability-guided fusion: each modality is weighted by how confident its distribution is and
 * how well it agrees with the others; no training needed.
 *
 * <p>For modality {@code m} with distribution {@code p_m} over {@code K} labels:
 * <pre>
 *   confidence  c_m = 1 - H(p_m) / ln K                      (0 = uniform, 1 = one-hot)
 *   agreement   a_m = 1 - mean_{n != m} JS(p_m, p_n)          (JS in bits; 1 when m is alone)
 *   weight      w_m = (eps + c_m) * (eps + a_m)^beta * v_m, normalised to sum 1
 *   fused       p   = sum_m w_m p_m
 * </pre>
 * with {@code v_m} the evidence's {@link ModalityEvidence#weight()} (1 for a full result),
 * {@code eps = 0.05} so that no modality is silenced completely and {@code beta = 1}. The
 * idea follows the probability-guided fusion of Broad Mamba for multimodal emotion recognition
 * in conversation; this is the project's own formulation.
 */
final class ProbabilityGuidedFusion implements FusionStrategy {
    private static final double EPS = 0.05;
    private final double beta;

    ProbabilityGuidedFusion(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, was " + beta);
        }
        this.beta = beta;
    }

    @Override
    public String name() {
        return "probability-guided";
    }

    @Override
    public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("nothing to fuse");
        }
        List<Emotion> labels = Divergences.unionLabels(evidence);
        Map<Modality, double[]> aligned = Divergences.aligned(evidence, labels);
        double lnK = Math.log(Math.max(2, labels.size()));
        Map<Modality, Double> raw = new EnumMap<>(Modality.class);
        double total = 0;
        for (Map.Entry<Modality, double[]> e : aligned.entrySet()) {
            double[] p = e.getValue();
            double h = 0;
            for (double x : p) {
                if (x > 0) {
                    h -= x * Math.log(x);
                }
            }
            double confidence = Math.max(0, 1 - h / lnK);
            double js = 0;
            int n = 0;
            for (Map.Entry<Modality, double[]> o : aligned.entrySet()) {
                if (o.getKey() != e.getKey()) {
                    js += Divergences.jensenShannon(p, o.getValue());
                    n++;
                }
            }
            double agreement = n == 0 ? 1 : 1 - js / n;
            double w = (EPS + confidence) * Math.pow(EPS + agreement, beta) * evidence.get(e.getKey()).weight();
            raw.put(e.getKey(), w);
            total += w;
        }
        Map<Modality, Double> w = new EnumMap<>(Modality.class);
        List<Modality> present = List.copyOf(aligned.keySet());
        double[] wm = new double[present.size()];
        for (int j = 0; j < wm.length; j++) {
            wm[j] = raw.get(present.get(j)) / total;
            w.put(present.get(j), wm[j]);
        }
        double[] fused = WeightedMean.of(present.stream().map(aligned::get).toList(), wm);
        Divergences.Disagreement d = Divergences.disagreement(aligned);
        return new FusionResult(name(), EmotionDistribution.fromScores(labels, fused), w, d.mean(), d.worst());
    }
}
