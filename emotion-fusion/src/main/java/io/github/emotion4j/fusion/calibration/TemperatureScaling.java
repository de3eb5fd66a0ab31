package io.github.emotion4j.fusion.calibration;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.Temperature;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fits a calibration temperature per modality on held-out data: the {@code T} in
 * [0.05, 20] that minimises the negative log-likelihood of the true labels under
 * {@code p^(1/T)} renormalised, found by golden-section search on {@code ln T} (the NLL is
 * smooth and unimodal in practice). Stateless.
 */
public final class TemperatureScaling {
    private static final double LOW = Math.log(0.05);
    private static final double HIGH = Math.log(20);
    private static final double FLOOR = 1e-12;

    private TemperatureScaling() {
    }

    /**
     * The temperature that minimises the NLL.
     *
     * @param probabilities predicted probability vectors
     * @param labels        the true class index of each vector
     */
    public static double fit(List<double[]> probabilities, int[] labels) {
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(labels, "labels");
        if (probabilities.size() != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need as many labels as vectors, and at least one: "
                    + probabilities.size() + " vs " + labels.length);
        }
        double a = LOW;
        double b = HIGH;
        double phi = (Math.sqrt(5) - 1) / 2;
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double fc = nll(probabilities, labels, Math.exp(c));
        double fd = nll(probabilities, labels, Math.exp(d));
        for (int i = 0; i < 80 && b - a > 1e-6; i++) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = nll(probabilities, labels, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = nll(probabilities, labels, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean negative log-likelihood of the labels at temperature {@code t}. */
    public static double nll(List<double[]> probabilities, int[] labels, double t) {
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] p = Temperature.apply(probabilities.get(i), t);
            s -= Math.log(Math.max(p[labels[i]], FLOOR));
        }
        return s / labels.length;
    }

    /**
     * Fits one temperature per modality on examples (each modality on the examples where it is
     * present), and measures each modality's expected calibration error before and after.
     */
    public static Map<Modality, Fit> fitPerModality(List<FusionExample> heldOut) {
        Objects.requireNonNull(heldOut, "heldOut");
        Map<Modality, Fit> out = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            List<double[]> ps = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (FusionExample e : heldOut) {
                double[] p = e.probabilities(m);
                if (p != null) {
                    ps.add(p);
                    ys.add(Emotion.CANONICAL.indexOf(e.label()));
                }
            }
            if (ps.isEmpty()) {
                continue;
            }
            int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
            double t = fit(ps, y);
            List<double[]> scaled = ps.stream().map(p -> Temperature.apply(p, t)).toList();
            out.put(m, new Fit(t, Calibration.expectedCalibrationError(ps, y),
                    Calibration.expectedCalibrationError(scaled, y), nll(ps, y, 1), nll(ps, y, t), ps.size()));
        }
        return out;
    }

    /** The temperatures of fits. */
    public static Map<Modality, Double> temperatures(Map<Modality, Fit> fits) {
        Map<Modality, Double> t = new EnumMap<>(Modality.class);
        fits.forEach((m, f) -> t.put(m, f.temperature()));
        return t;
    }

    /**
     * One modality's fitted temperature.
     *
     * @param temperature the fitted T
     * @param eceBefore   expected calibration error (15 bins) at T = 1
     * @param eceAfter    expected calibration error at the fitted T
     * @param nllBefore   mean NLL at T = 1
     * @param nllAfter    mean NLL at the fitted T
     * @param n           number of examples it was fitted on
     */
    public record Fit(double temperature, double eceBefore, double eceAfter, double nllBefore, double nllAfter, int n) {
    }
}
