package io.github.emotion4j.training.fusion;

import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.SyntheticData;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.eval.FusionEvaluation;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import io.github.emotion4j.training.fusion.FusionTrainer;
import java.util.List;

/** Prints how the strategies do on synthetic data (a development aid, not a test). */
public final class SyntheticTrainingProbe {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<FusionExample> train = SyntheticData.generate(n, 1);
        List<FusionExample> test = SyntheticData.generate(1000, 2);
        System.out.print(FusionEvaluation.table("single", FusionEvaluation.singleModalityBaselines(test, Emotion.CANONICAL)));
        System.out.print(FusionEvaluation.table("late", FusionEvaluation.evaluate(Fusions.late(), test, Emotion.CANONICAL)));
        System.out.print(FusionEvaluation.table("poe", FusionEvaluation.evaluate(Fusions.productOfExperts(), test, Emotion.CANONICAL)));
        System.out.print(FusionEvaluation.table("pg", FusionEvaluation.evaluate(Fusions.probabilityGuided(), test, Emotion.CANONICAL)));
        for (FusionTrainer.Architecture a : FusionTrainer.Architecture.values()) {
            long t0 = System.nanoTime();
            FusionTrainer.Result r = FusionTrainer.builder(a).epochs(epochs).labels(Emotion.CANONICAL).build().fit(train);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %.1f s, best epoch %d, val loss %.4f, temps %s%n", a, s, r.bestEpoch(),
                    r.bestValidationLoss(), r.model().temperatures());
            NeuralFusion f = a == FusionTrainer.Architecture.ATTENTION ? new AttentionFusion(r.model())
                    : new MixtureOfExpertsFusion(r.model());
            System.out.print(FusionEvaluation.table(a.word(), FusionEvaluation.evaluate(f, test, Emotion.CANONICAL)));
        }
    }
}
