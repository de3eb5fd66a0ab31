package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Helpers shared by fusion strategies: a common label space and Jensen-Shannon divergence. */
public final class Divergences {
    private Divergences() {
    }

    /** The union of the distributions' labels, in {@link Emotion} order. */
    public static List<Emotion> unionLabels(Iterable<EmotionDistribution> distributions) {
        Set<Emotion> all = EnumSet.noneOf(Emotion.class);
        distributions.forEach(d -> all.addAll(d.labels()));
        return new ArrayList<>(all);
    }

    /** The union label space of the evidence's distributions. */
    public static List<Emotion> unionLabels(Map<Modality, ModalityEvidence> evidence) {
        return unionLabels(evidence.values().stream().map(ModalityEvidence::distribution).toList());
    }

    /** The evidence's distributions, projected onto a label space that contains all their labels. */
    public static Map<Modality, double[]> aligned(Map<Modality, ModalityEvidence> evidence, List<Emotion> labels) {
        Map<Modality, double[]> out = new EnumMap<>(Modality.class);
        evidence.forEach((m, e) -> {
            double[] p = new double[labels.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = e.distribution().probability(labels.get(i));
            }
            out.put(m, p);
        });
        return out;
    }

    /** Jensen-Shannon divergence in bits (0..1). */
    public static double jensenShannon(double[] p, double[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0, Math.min(1, js / Math.log(2)));
    }

    /** Mean pairwise divergence (0 for fewer than two) and the most divergent pair. */
    public static Disagreement disagreement(Map<Modality, double[]> aligned) {
        List<Modality> ms = new ArrayList<>(aligned.keySet());
        double sum = 0;
        int pairs = 0;
        ModalityPair worst = null;
        for (int i = 0; i < ms.size(); i++) {
            for (int j = i + 1; j < ms.size(); j++) {
                double d = jensenShannon(aligned.get(ms.get(i)), aligned.get(ms.get(j)));
                sum += d;
                pairs++;
                if (worst == null || d > worst.divergence()) {
                    worst = new ModalityPair(ms.get(i), ms.get(j), d);
                }
            }
        }
        return new Disagreement(pairs == 0 ? 0 : sum / pairs, Optional.ofNullable(worst));
    }

    /** Mean pairwise divergence and the worst pair. */
    public record Disagreement(double mean, Optional<ModalityPair> worst) {
    }
}
