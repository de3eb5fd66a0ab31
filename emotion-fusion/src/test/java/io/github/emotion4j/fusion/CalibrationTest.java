package io.github.emotion4j.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.calibration.CalibratedFusion;
import io.github.emotion4j.fusion.calibration.Calibration;
import io.github.emotion4j.fusion.calibration.TemperatureScaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Labels drawn from softmax(z); the source reports softmax(z * sharpness). */
    private static List<FusionExample> source(int n, double sharpness, long seed) {
        Random r = new Random(seed);
        List<FusionExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] z = new double[7];
            int c = r.nextInt(7);
            for (int k = 0; k < 7; k++) {
                z[k] = r.nextGaussian() * 0.7 + (k == c ? 1.5 : 0);
            }
            double[] truth = SyntheticData.softmax(z, 1);
            double u = r.nextDouble();
            int y = 0;
            for (double acc = truth[0]; acc < u && y < 6; acc += truth[++y]) {
                // draw the label from the calibrated distribution
            }
            out.add(new FusionExample(Map.of(Modality.AUDIO, SyntheticData.softmax(z, sharpness)),
                    Emotion.CANONICAL.get(y), "s" + i));
        }
        return out;
    }

    @Test
    void temperatureFittedOnHeldOutDataLowersEceOfAnOverconfidentSource() {
        List<FusionExample> heldOut = source(3000, 3, 1);
        List<FusionExample> test = source(3000, 3, 2);
        Map<Modality, TemperatureScaling.Fit> fits = TemperatureScaling.fitPerModality(heldOut);
        TemperatureScaling.Fit fit = fits.get(Modality.AUDIO);
        assertEquals(3, fit.temperature(), 0.45, "the source is 3x too sharp");
        assertTrue(fit.eceAfter() < fit.eceBefore() / 2, fit.toString());
        assertTrue(fit.nllAfter() < fit.nllBefore());

        List<double[]> raw = new ArrayList<>();
        List<double[]> scaled = new ArrayList<>();
        int[] y = new int[test.size()];
        for (int i = 0; i < y.length; i++) {
            double[] p = test.get(i).probabilities(Modality.AUDIO);
            raw.add(p);
            scaled.add(Temperature.apply(p, fit.temperature()));
            y[i] = Emotion.CANONICAL.indexOf(test.get(i).label());
        }
        double before = Calibration.expectedCalibrationError(raw, y);
        double after = Calibration.expectedCalibrationError(scaled, y);
        assertTrue(after < before / 2, "test ECE " + before + " -> " + after);
    }

    @Test
    void underconfidentSourceGetsATemperatureBelowOne() {
        TemperatureScaling.Fit fit = TemperatureScaling.fitPerModality(source(3000, 0.4, 3)).get(Modality.AUDIO);
        assertEquals(0.4, fit.temperature(), 0.08);
        assertTrue(fit.eceAfter() < fit.eceBefore());
    }

    @Test
    void eceOfPerfectAndWrongPredictions() {
        List<double[]> sure = List.of(new double[] {1, 0}, new double[] {0, 1});
        assertEquals(0, Calibration.expectedCalibrationError(sure, new int[] {0, 1}), 1e-12);
        assertEquals(1, Calibration.expectedCalibrationError(sure, new int[] {1, 0}), 1e-12);
    }

    @Test
    void calibratedWrapperScalesEachModalityBeforeFusing() {
        List<Emotion> l = List.of(Emotion.ANGER, Emotion.NEUTRAL);
        Map<Modality, ModalityEvidence> in = ModalityEvidence.ofDistributions(Map.of(
                Modality.AUDIO, new EmotionDistribution(l, new double[] {0.9, 0.1}),
                Modality.TEXT, new EmotionDistribution(l, new double[] {0.2, 0.8})));
        FusionResult plain = Fusions.late().fuse(in);
        FusionResult calibrated = CalibratedFusion.wrap(Fusions.late(), Map.of(Modality.AUDIO, 4.0)).fuse(in);
        assertEquals(0.55, plain.distribution().probability(Emotion.ANGER), 1e-9);
        double softAudio = Temperature.apply(new double[] {0.9, 0.1}, 4)[0];
        assertEquals((softAudio + 0.2) / 2, calibrated.distribution().probability(Emotion.ANGER), 1e-9);
        assertEquals(4.0, calibrated.details().get("temperature.audio"));
        assertEquals(1.0, calibrated.details().get("temperature.text"));
        assertEquals("late", calibrated.strategy());
    }
}
