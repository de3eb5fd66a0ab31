package io.github.emotion4j.fusion.calibration;

import java.util.List;
import java.util.Objects;

/** Calibration measures. Stateless. */
public final class Calibration {
    /** Number of confidence bins of {@link #expectedCalibrationError(List, int[])}. */
    public static final int BINS = 15;

    private Calibration() {
    }

    /** Expected calibration error with {@value #BINS} equal-width confidence bins. */
    public static double expectedCalibrationError(List<double[]> probabilities, int[] labels) {
        return expectedCalibrationError(probabilities, labels, BINS);
    }

    /**
     * Expected calibration error: the sample-weighted mean, over equal-width bins of top-class
     * probability, of |accuracy - mean confidence| in the bin. 0 = perfectly calibrated.
     */
    public static double expectedCalibrationError(List<double[]> probabilities, int[] labels, int bins) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.size() != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need as many labels as vectors, and at least one");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1");
        }
        double[] conf = new double[bins];
        double[] correct = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities.get(i);
            int top = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[top]) {
                    top = k;
                }
            }
            int b = Math.min(bins - 1, (int) (p[top] * bins));
            conf[b] += p[top];
            correct[b] += top == labels[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(correct[b] - conf[b]) / labels.length;
            }
        }
        return ece;
    }
}
