package io.github.emotion4j.examples;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fuses per-modality results you computed yourself (another face SDK, a call-centre speech
 * model, your own text classifier) with emotion4j's fusion strategies, without running any of
 * emotion4j's models.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.FuseYourOwn [strategy ...]
 * </pre>
 *
 * Strategies: {@code probability} (default), {@code late}, {@code product}, and {@code attention},
 * {@code moe} when emotion-fusion is on the classpath.
 */
public final class FuseYourOwn {
    private FuseYourOwn() {
    }

    public static void main(String[] args) {
        List<String> names = args.length > 0 ? List.of(args) : List.of("probability", "late", "product");
        for (String name : names) {
            FusionResult r = fuse(Fusions.named(name), exampleResults());
            print(System.out, r);
        }
    }

    /** Three results as an outside system might report them. */
    public static Map<Modality, ModalityResult> exampleResults() {
        // a face SDK that speaks FER2013's words, as scores in its own label order
        EmotionDistribution face = LabelSet.FER2013.toDistribution(new double[] {0.05, 0.01, 0.04, 0.70, 0.05, 0.10, 0.05});
        // a speech model that only knows four classes, with its own valence/arousal estimate
        EmotionDistribution voice = EmotionDistribution.fromScores(
                List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL, Emotion.SADNESS), new double[] {0.1, 0.5, 0.3, 0.1});
        // a text classifier: "What a lovely surprise!"
        EmotionDistribution text = EmotionDistribution.fromScores(Map.of(Emotion.HAPPINESS, 0.55, Emotion.SURPRISE, 0.40,
                Emotion.NEUTRAL, 0.05));
        Map<Modality, ModalityResult> results = new EnumMap<>(Modality.class);
        results.put(Modality.VISION, ModalityResult.builder(Modality.VISION).distribution(face).build());
        results.put(Modality.AUDIO, ModalityResult.builder(Modality.AUDIO).distribution(voice)
                .dimensions(new Dimensions(0.3, 0.4, 0.1)).build());
        results.put(Modality.TEXT, ModalityResult.builder(Modality.TEXT).distribution(text).build());
        return results;
    }

    /** Fuses with one strategy. */
    public static FusionResult fuse(FusionStrategy strategy, Map<Modality, ModalityResult> results) {
        return strategy.fuse(results);
    }

    static void print(PrintStream out, FusionResult r) {
        LabelScore top = r.distribution().top();
        out.printf(Locale.ROOT, "%-20s %s %.2f  weights %s  inconsistency %.2f%s%n", r.strategy(), top.label().word(),
                top.probability(), weights(r), r.inconsistency(),
                r.mostDisagreeing().map(p -> "  (" + p.first().word() + " vs " + p.second().word() + ")").orElse(""));
    }

    private static String weights(FusionResult r) {
        StringBuilder sb = new StringBuilder();
        r.weights().forEach((m, w) -> sb.append(sb.length() == 0 ? "" : " ").append(m.word())
                .append('=').append(String.format(Locale.ROOT, "%.2f", w)));
        return sb.toString();
    }
}
