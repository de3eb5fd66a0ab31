package io.github.emotion4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedF1Test {
    @Test
    void weightedBySupport() {
        // truth a a a b, predicted a a b b: F1(a) = 2*(1*2/3)/(1+2/3) = 0.8, F1(b) = 2*(0.5*1)/1.5 = 2/3
        ClassificationReport r = ClassificationReport.of(List.of("a", "b"), new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1});
        assertEquals((3 * 0.8 + 2.0 / 3) / 4, r.weightedF1(), 1e-12);
        assertEquals((0.8 + 2.0 / 3) / 2, r.macroF1(), 1e-12);
        assertTrue(r.toText().contains("weightedF1=0.7667"), r.toText());
        assertTrue(r.toJson().contains("\"weightedF1\":0.766667"), r.toJson());
        assertEquals(0, ClassificationReport.of(List.of("a"), new int[0], new int[0]).weightedF1());
    }
}
