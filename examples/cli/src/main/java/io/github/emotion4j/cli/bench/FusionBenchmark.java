package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Prints how long one fusion takes per strategy (three modalities, random distributions), and
 * the ratio to plain late fusion. Single-threaded; figures depend on the machine.
 * Command: {@code ../mvnw -o -q exec:java -Dexec.mainClass=io.github.emotion4j.cli.bench.FusionBenchmark
 * [-Dexec.args="<calls>"]}.
 */
public final class FusionBenchmark {
    private FusionBenchmark() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        Random r = new Random(1);
        List<Map<Modality, ModalityEvidence>> inputs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<Modality, ModalityEvidence> in = new EnumMap<>(Modality.class);
            for (Modality m : Modality.values()) {
                double[] s = new double[7];
                for (int k = 0; k < 7; k++) {
                    s[k] = Math.exp(2 * r.nextGaussian());
                }
                in.put(m, ModalityEvidence.of(m, EmotionDistribution.fromScores(Emotion.CANONICAL, s)));
            }
            inputs.add(in);
        }
        Map<String, FusionStrategy> strategies = new LinkedHashMap<>();
        strategies.put("late", Fusions.late());
        strategies.put("product-of-experts", Fusions.productOfExperts());
        strategies.put("probability-guided", Fusions.probabilityGuided());
        strategies.put("attention", Fusions.named("attention"));
        strategies.put("moe", Fusions.named("moe"));
        for (FusionStrategy s : strategies.values()) {
            time(s, inputs, calls / 4);
        }
        double base = 0;
        System.out.printf(Locale.ROOT, "%-20s %12s %8s%n", "strategy", "us/fusion", "x late");
        for (Map.Entry<String, FusionStrategy> e : strategies.entrySet()) {
            double us = time(e.getValue(), inputs, calls);
            if (base == 0) {
                base = us;
            }
            System.out.printf(Locale.ROOT, "%-20s %12.2f %8.2f%n", e.getKey(), us, us / base);
        }
    }

    private static double time(FusionStrategy s, List<Map<Modality, ModalityEvidence>> inputs, int calls) {
        double sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += s.fuse(inputs.get(i % inputs.size())).inconsistency();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += s.fuse(inputs.get(i % inputs.size())).inconsistency();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / calls);
        }
        if (sink == -1) {
            System.out.println(sink);
        }
        return best;
    }
}
