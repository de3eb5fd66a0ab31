package io.github.emotion4j.training.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.head.DenseHead;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTrainerTest {
    private static final HeadTrainer.Config LOGISTIC = new HeadTrainer.Config(0, 0, 1e-4, 0.05, 5, 8, 1, 7);

    /**
     * Constant inputs standardise to zeros and the bias starts at zero: the first step's gradients
     * are exactly (p - y) = (+0.5, -0.5) on the bias and 0 on the weights, so their sum is 0.
     */
    private static float[][] constantInputs(int n) {
        float[][] x = new float[n][3];
        for (float[] r : x) {
            java.util.Arrays.fill(r, 2f);
        }
        return x;
    }

    @Test
    void aLogisticHeadTrainsWhereDjlsFirstStepCheckWouldRefuseIt() {
        float[][] x = constantInputs(16);
        int[] y = new int[16];
        for (int i = 0; i < 12; i++) {
            y[i] = 1; // 12 of 16 are class 1
        }
        // the case is real: through DJL's Trainer.step() the same training fails on its first step
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HeadTrainer.train(x, y, 2, LOGISTIC, true));
        assertTrue(e.getMessage().contains("Gradient values are all zeros"), e.getMessage());
        DenseHead h = HeadTrainer.train(x, y, 2, LOGISTIC);
        float[] logits = h.forward(x[0]);
        assertTrue(logits[1] > logits[0], "learns the prior of the majority class: " + logits[0] + " " + logits[1]);
    }

    @Test
    void theHeadsOwnStepDoesWhatDjlsTrainerStepDoes() {
        Random r = new Random(3);
        float[][] x = new float[40][5];
        int[] y = new int[40];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 2 : 0));
            }
        }
        DenseHead viaTrainer = HeadTrainer.train(x, y, 3, LOGISTIC, true);
        DenseHead own = HeadTrainer.train(x, y, 3, LOGISTIC, false);
        assertEquals(viaTrainer.layers().size(), own.layers().size());
        for (int k = 0; k < own.layers().size(); k++) {
            DenseHead.Layer a = viaTrainer.layers().get(k);
            DenseHead.Layer b = own.layers().get(k);
            assertArrayEquals(a.bias(), b.bias(), 0f);
            for (int o = 0; o < a.weights().length; o++) {
                assertArrayEquals(a.weights()[o], b.weights()[o], 0f);
            }
        }
        // and it learned something
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            float[] l = own.forward(x[i]);
            int best = 0;
            for (int c = 1; c < l.length; c++) {
                if (l[c] > l[best]) {
                    best = c;
                }
            }
            right += best == y[i] ? 1 : 0;
        }
        assertTrue(right >= 30, right + " of 40");
    }
}
