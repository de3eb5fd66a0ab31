package io.github.emotion4j.programs.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.training.head.HeadTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The selection helpers of the nested run: class bias, calibration folded into a head, dropped features. */
class NestedSpeechEvalTest {
    private static DenseHead head() {
        float[][] w1 = {{1, -2, 0.5f}, {0.3f, 1, -1}};
        float[][] w2 = {{1, 0.5f}, {-1, 2}, {0.2f, -0.3f}};
        return new DenseHead(new float[] {0.5f, -1, 2}, new float[] {2, 0.5f, 1},
                List.of(new DenseHead.Layer(w1, new float[] {0.1f, -0.2f}, DenseHead.Activation.RELU),
                        new DenseHead.Layer(w2, new float[] {0, 0.3f, -0.1f}, DenseHead.Activation.NONE)));
    }

    @Test
    void biasLiftsAClassTheLogitsUnderServe() {
        // class 2 is never the argmax although its logit is only 0.5 below the winner: an offset fixes it
        float[][] logits = {{2, 0, 1.5f}, {2, 0, 1.6f}, {0, 2, 1.5f}, {2, 0, 0}, {0, 2, 0}, {2, 0, 0}};
        int[] y = {2, 2, 2, 0, 1, 0};
        double[] b = NestedSpeechEval.classBias(logits, y, 1, 3);
        int[] p = NestedSpeechEval.predict(logits, 1, b);
        assertArrayEquals(y, p, "bias " + java.util.Arrays.toString(b));
        double lift = b[2] - Math.max(b[0], b[1]);
        assertTrue(lift > 0.5 && lift < 2, "class 2 lifted by " + lift + " relative to the others");
        // deterministic
        assertArrayEquals(b, NestedSpeechEval.classBias(logits, y, 1, 3));
    }

    @Test
    void biasIsZeroWhenNothingCanBeGained() {
        float[][] logits = {{3, 0}, {0, 3}, {3, 0}};
        int[] y = {0, 1, 0};
        assertArrayEquals(new double[2], NestedSpeechEval.classBias(logits, y, 1, 2));
    }

    @Test
    void objectiveAveragesAccuracyAndBalancedAccuracy() {
        int[] y = {0, 0, 0, 1};
        int[] p = {0, 0, 0, 0};
        assertEquals(0.5 * (0.75 + 0.5), NestedSpeechEval.biasObjective(y, p, 2), 1e-12);
    }

    @Test
    void calibrationFoldedIntoTheHeadGivesLogitsOverTPlusBias() {
        DenseHead h = head();
        double[] bias = {0.4, -0.7, 0};
        DenseHead c = NestedSpeechEval.withCalibration(h, 1.7, bias);
        float[] in = {0.9f, -0.4f, 2.5f};
        float[] z = h.forward(in);
        float[] zc = c.forward(in);
        for (int k = 0; k < z.length; k++) {
            assertEquals(z[k] / 1.7 + bias[k], zc[k], 1e-5);
        }
        float[] t = NestedSpeechEval.withTemperature(h, 2).forward(in);
        for (int k = 0; k < z.length; k++) {
            assertEquals(z[k] / 2, t[k], 1e-5);
        }
    }

    @Test
    void aHeadIgnoringFeaturesGivesTheMaskedInputsOutput() {
        DenseHead h = head();
        boolean[] keep = {true, false, true};
        DenseHead g = NestedSpeechEval.ignoring(h, keep);
        float[] a = {0.9f, -0.4f, 2.5f};
        float[] b = {0.9f, 123f, 2.5f};
        assertArrayEquals(g.forward(a), g.forward(b), 1e-6f, "the dropped feature has no effect");
        // on the kept features it is the head that saw the dropped one as 0 after standardisation
        float[] standardisedZero = {0.9f, -1f, 2.5f};   // (x - mean) / std = 0 for feature 1 (mean -1)
        assertArrayEquals(h.forward(standardisedZero), g.forward(a), 1e-5f);
        float[][] m = NestedSpeechEval.masked(new float[][] {a, null}, keep);
        assertArrayEquals(new float[] {0.9f, 0, 2.5f}, m[0]);
        assertEquals(null, m[1]);
        assertEquals(-0.4f, a[1], "input rows are not changed");
    }

    @Test
    void membersAndMasksExpandTheGrid() {
        List<NestedSpeechEval.Choice> g = NestedSpeechEval.grid("fast", true);
        assertEquals(4, g.size());
        List<NestedSpeechEval.Choice> m = NestedSpeechEval.withMasks(NestedSpeechEval.withMembers(g, 3),
                List.of(Double.POSITIVE_INFINITY, 2.0));
        assertEquals(8, m.size());
        assertTrue(m.stream().allMatch(c -> c.cfg().members() == 3));
        assertTrue(m.get(1).toString().endsWith("drop-telephone-shift>2.0"), m.get(1).toString());
        HeadTrainer.Config c = m.get(0).cfg();
        assertEquals(g.get(0).cfg().hidden(), c.hidden());
    }

    @Test
    void candidatesParseAndApplyToTheGrid() {
        NestedSpeechEval.Candidate e = NestedSpeechEval.Candidate.parse("ens3+prior");
        assertEquals(3, e.members());
        assertTrue(e.prior());
        assertEquals(false, e.rareAug());
        NestedSpeechEval.Candidate r = NestedSpeechEval.Candidate.parse("rareaug");
        assertTrue(r.rareAug());
        assertEquals(1, r.members());
        assertEquals(NestedSpeechEval.Candidate.parse("base").trainingKey(),
                NestedSpeechEval.Candidate.parse("base+prior").trainingKey(), "a prior candidate reuses its heads");
        List<NestedSpeechEval.Choice> g = e.apply(NestedSpeechEval.grid("fast", false));
        assertEquals(2, g.size());
        assertTrue(g.stream().allMatch(c -> c.cfg().members() == 3 && !c.rareAug()));
        assertTrue(r.apply(NestedSpeechEval.grid("fast", false)).stream().allMatch(NestedSpeechEval.Choice::rareAug));
        assertTrue(r.apply(NestedSpeechEval.grid("fast", false)).get(0).toString().endsWith(" rareaug"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NestedSpeechEval.Candidate.parse("focal"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NestedSpeechEval.Candidate.parse("ens0"));
    }

    @Test
    void crossFittedPriorIsFittedOnTheOtherSpeakersOnly() {
        // speakers a and b: class 1 needs an offset of about +1 to win; speaker c is the opposite case
        float[][] logits = {{1, 0.2f}, {0, 1}, {1, 0.3f}, {0, 1}, {1, 0.1f}, {0, 1}, {1, 0.2f}, {0, 1}, {0, 2}, {2, 0}};
        int[] y = {1, 1, 1, 1, 1, 1, 0, 1, 0, 0};
        String[] spk = {"a", "a", "a", "b", "b", "b", "a", "b", "c", "c"};
        int[] p = NestedSpeechEval.crossFittedPrior(logits, y, spk);
        assertEquals(y.length, p.length);
        // the rows of c are predicted with offsets fitted on a and b (which lift class 1), so c's first row stays 1
        assertEquals(1, p[8]);
        // the same as fitting by hand on the other speakers' rows
        float[][] ab = java.util.Arrays.copyOfRange(logits, 0, 8);
        int[] yab = java.util.Arrays.copyOfRange(y, 0, 8);
        double t = NestedSpeechEval.temperature(ab, yab);
        double[] b = NestedSpeechEval.classBias(ab, yab, t, 2);
        assertArrayEquals(NestedSpeechEval.predict(new float[][] {logits[8], logits[9]}, t, b), new int[] {p[8], p[9]});
    }

    @Test
    void balancingFillsSmallClassesWithTheirExtraRowsBeforeRepeating() {
        // class 0: rows 0..5 (the largest); class 1: rows 6, 7 with extra rows 8..10; class 2: row 11, no extra
        List<List<Integer>> byClass = List.of(List.of(0, 1, 2, 3, 4, 5), List.of(6, 7), List.of(11));
        List<List<Integer>> extra = List.of(List.of(), List.of(8, 9, 10), List.of());
        List<Integer> order = NestedSpeechEval.balancedOrder(byClass, extra, 6, new java.util.Random(1));
        assertEquals(18, order.size(), "every class filled up to the largest's 6 rows");
        List<Integer> c1 = order.subList(6, 12);
        assertEquals(java.util.Set.of(6, 7, 8, 9, 10), new java.util.HashSet<>(c1), "both own rows, all 3 extras");
        assertEquals(3, c1.stream().filter(i -> i == 6 || i == 7).count(), "one own row repeated once after the extras");
        assertEquals(List.of(8, 9, 10), c1.subList(2, 5).stream().sorted().toList(), "the extras come before the repeat");
        assertEquals(List.of(11, 11, 11, 11, 11, 11), order.subList(12, 18));
        assertEquals(java.util.Set.of(0, 1, 2, 3, 4, 5), new java.util.HashSet<>(order.subList(0, 6)));
        // without extra rows: the plain cyclic repetition, no extra index anywhere
        List<Integer> plain = NestedSpeechEval.balancedOrder(byClass, List.of(List.of(), List.of(), List.of()), 6,
                new java.util.Random(1));
        assertEquals(18, plain.size());
        assertTrue(plain.stream().noneMatch(i -> i >= 8 && i <= 10));
        assertEquals(3, plain.subList(6, 12).stream().filter(i -> i == 6).count());
    }
}
