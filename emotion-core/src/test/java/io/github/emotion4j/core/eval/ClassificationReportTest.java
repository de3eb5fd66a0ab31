package io.github.emotion4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    @Test
    void computesTheUsualMetrics() {
        // truth:     a a a b b c
        // predicted: a a b b c c
        ClassificationReport r = ClassificationReport.of(List.of("a", "b", "c"),
                new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2});
        assertEquals(6, r.n());
        assertEquals(4 / 6.0, r.accuracy(), 1e-12);
        assertEquals(2 / 3.0, r.recall(0), 1e-12);
        assertEquals(1.0, r.precision(0), 1e-12);
        assertEquals(0.5, r.precision(1), 1e-12);
        double f1a = 2 * (1.0 * 2 / 3.0) / (1 + 2 / 3.0);
        double f1b = 0.5;
        double f1c = 2 * (0.5 * 1.0) / 1.5;
        assertEquals((f1a + f1b + f1c) / 3, r.macroF1(), 1e-12);
        assertEquals(1, r.confusion()[0][1]);
        String json = r.toJson();
        assertTrue(json.startsWith("{\"n\":6,\"accuracy\":0.666667"), json);
        assertTrue(json.contains("\"confusion\":[[2,1,0],[0,1,1],[0,0,1]]"), json);
        assertTrue(r.toText().contains("macroF1="), r.toText());
    }

    @Test
    void classesWithoutSupportDoNotCountInMacroF1() {
        ClassificationReport r = ClassificationReport.of(List.of("a", "b"), new int[] {0, 0}, new int[] {0, 0});
        assertEquals(1.0, r.macroF1(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(List.of("a"), new int[1], new int[2]));
    }

    /*
     * label x: scores .9 .4 .8 .1, truth 1 1 0 0 -> at 0.5: tp 1 fp 1 fn 1, P 1/2 R 1/2 F1 1/2
     * label y: scores .2 .7 .6 .3, truth 0 1 1 0 -> tp 2 fp 0 fn 0, F1 1
     * label z: scores .6 .1 .3 .7, truth 1 0 0 0 -> tp 1 fp 1 fn 0, P 1/2 R 1 F1 2/3
     * macro-F1 (1/2 + 1 + 2/3) / 3 = 13/18; micro-F1 pooled tp 4 fp 2 fn 1 -> 8/11
     */
    static final float[][] SCORES = {{0.9f, 0.2f, 0.6f}, {0.4f, 0.7f, 0.1f}, {0.8f, 0.6f, 0.3f}, {0.1f, 0.3f, 0.7f}};
    static final float[][] TRUTH = {{1, 0, 1}, {1, 1, 0}, {0, 1, 0}, {0, 0, 0}};

    @Test
    void multiLabelMetricsAtOneThreshold() {
        ClassificationReport.MultiLabel m = ClassificationReport.multiLabel(List.of("x", "y", "z"), SCORES, TRUTH, 0.5f);
        assertEquals(4, m.n());
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(0), 1e-12);
        assertEquals(0.5, m.f1(0), 1e-12);
        assertEquals(1.0, m.f1(1), 1e-12);
        assertEquals(0.5, m.precision(2), 1e-12);
        assertEquals(1.0, m.recall(2), 1e-12);
        assertEquals(2 / 3.0, m.f1(2), 1e-12);
        assertEquals(2, m.support(0));
        assertEquals(1, m.support(2));
        assertEquals(13 / 18.0, m.macroF1(), 1e-12);
        assertEquals(8 / 11.0, m.microF1(), 1e-12);
        assertTrue(m.toText().startsWith("n=4  multi-label macroF1=0.7222  microF1=0.7273"), m.toText());
        assertTrue(m.toJson().contains("\"z\":{\"precision\":0.500000,\"recall\":1.000000,\"f1\":0.666667,\"support\":1}"),
                m.toJson());
    }

    @Test
    void multiLabelMetricsAtPerLabelThresholds() {
        // x at 0.95: nothing predicted, tp 0 fn 2 -> F1 0; y at 0.5 as above -> 1;
        // z at 0.65: only example 3 (false) -> tp 0 fp 1 fn 1 -> 0; pooled tp 2 fp 1 fn 3 -> micro 4/8
        ClassificationReport.MultiLabel m = ClassificationReport.multiLabel(List.of("x", "y", "z"), SCORES, TRUTH,
                new float[] {0.95f, 0.5f, 0.65f});
        assertEquals(0, m.f1(0), 1e-12);
        assertEquals(0, m.precision(0), 1e-12);
        assertEquals(1.0, m.f1(1), 1e-12);
        assertEquals(0, m.f1(2), 1e-12);
        assertEquals(1 / 3.0, m.macroF1(), 1e-12);
        assertEquals(0.5, m.microF1(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.multiLabel(List.of("x", "y"), SCORES, TRUTH, 0.5f));
    }
}
