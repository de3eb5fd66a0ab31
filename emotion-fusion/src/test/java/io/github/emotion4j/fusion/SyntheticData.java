package io.github.emotion4j.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Learnable synthetic multimodal data where each modality carries only part of the signal.
 *
 * <p>Class {@code c} (0..6) has the 3-bit code {@code c + 1}. Modality {@code m} sees bit
 * {@code m} of the code (flipped with probability {@code flip}) — it can only tell which half of
 * the classes the example is in — plus a weak cue for the exact class. Its distribution puts
 * logit {@code strength} on every class whose bit matches what it saw. Audio is made
 * over-confident (logits x {@code audioSharpness}), text under-confident, as real modules are.
 * One modality alone is right about 1/3 of the time; the three together identify the class.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    public static List<FusionExample> generate(int n, long seed) {
        return generate(n, seed, 0.08, 3.0);
    }

    public static List<FusionExample> generate(int n, long seed, double flip, double audioSharpness) {
        Random r = new Random(seed);
        List<FusionExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(7);
            int code = c + 1;
            Map<Modality, double[]> probs = new EnumMap<>(Modality.class);
            for (int m = 0; m < 3; m++) {
                int bit = (code >> m) & 1;
                if (r.nextDouble() < flip) {
                    bit = 1 - bit;
                }
                double[] logits = new double[7];
                for (int k = 0; k < 7; k++) {
                    logits[k] = (((k + 1) >> m) & 1) == bit ? 2.0 : 0.0;
                    logits[k] += 0.5 * r.nextGaussian();
                }
                logits[c] += 0.4;
                double scale = m == 0 ? audioSharpness : m == 2 ? 0.6 : 1.0;
                probs.put(FusionInput.MODALITIES.get(m), softmax(logits, scale));
            }
            out.add(new FusionExample(probs, Emotion.CANONICAL.get(c), "g" + (i / 4)));
        }
        return out;
    }

    public static double[] softmax(double[] logits, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l * scale);
        }
        double[] p = new double[logits.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] * scale - max);
            s += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= s;
        }
        return p;
    }
}
