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
}
