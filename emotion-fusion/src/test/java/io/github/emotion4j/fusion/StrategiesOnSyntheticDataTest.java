package io.github.emotion4j.fusion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.eval.FusionEvaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training-free strategies of core on the same synthetic data: they handle every subset and gain from fusion. */
class StrategiesOnSyntheticDataTest {

    @Test
    void lateProductAndProbabilityGuidedFusionGainOverSingleModalities() {
        List<FusionExample> test = SyntheticData.generate(700, 2);
        double bestSingle = FusionEvaluation.singleModalityBaselines(test, Emotion.CANONICAL).stream()
                .mapToDouble(r -> r.report().accuracy()).max().orElseThrow();
        for (FusionStrategy s : List.of(Fusions.late(), Fusions.productOfExperts(), Fusions.probabilityGuided())) {
            List<FusionEvaluation.Row> rows = FusionEvaluation.evaluate(s, test, Emotion.CANONICAL);
            assertTrue(rows.get(0).report().accuracy() > bestSingle + 0.05,
                    FusionEvaluation.table(s.name(), rows) + " best single " + bestSingle);
        }
    }
}
