package io.github.emotion4j.audio.prosody;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/** Statistics over a contour (Commons Math). Empty input gives zeros. Stateless and thread-safe. */
public final class Functionals {
    private Functionals() {
    }

    /** Mean, population standard deviation and percentiles of a series. */
    public record Summary(double mean, double std, double p5, double p20, double p50, double p80, double p90, double p95) {
    }

    /** Summarises a series; all zeros when it is empty. */
    public static Summary summary(double[] v) {
        if (v.length == 0) {
            return new Summary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        double mean = new Mean().evaluate(v);
        double std = v.length < 2 ? 0 : new StandardDeviation(false).evaluate(v);
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(v);
        return new Summary(mean, std, p.evaluate(5), p.evaluate(20), p.evaluate(50), p.evaluate(80), p.evaluate(90),
                p.evaluate(95));
    }

    /** Least-squares slope of {@code y} over {@code x}; 0 with fewer than two points. */
    public static double slope(double[] x, double[] y) {
        if (x.length < 2) {
            return 0;
        }
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        double s = r.getSlope();
        return Double.isFinite(s) ? s : 0;
    }

    /** Centred moving average over {@code width} points (shrinking at the edges). */
    public static double[] movingAverage(double[] v, int width) {
        double[] out = new double[v.length];
        int h = width / 2;
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            int c = 0;
            for (int j = Math.max(0, i - h); j <= Math.min(v.length - 1, i + h); j++) {
                s += v[j];
                c++;
            }
            out[i] = s / c;
        }
        return out;
    }
}
