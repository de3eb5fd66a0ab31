package io.github.emotion4j.examples;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
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
import java.util.Optional;

/**
 * Fuses per-modality distributions you computed yourself (another face SDK, a call-centre speech
 * model, your own text classifier) with emotion4j's fusion strategies, without running any of
 * emotion4j's models: each becomes a {@link ModalityEvidence} (distribution, weight, and an
 * {@code Embedding} if you have one).
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
            FusionResult r = fuse(Fusions.named(name), exampleEvidence(1.0));
            print(System.out, r);
        }
    }

    /**
     * Three modalities' evidence as outside systems might report it, with the face SDK's distribution counting {@code faceWeight} times as
     * much as the others (the plain strategies multiply it into their own weights).
     */
    public static Map<Modality, ModalityEvidence> exampleEvidence(double faceWeight) {
        // a face SDK that speaks FER2013's words, as scores in its own label order
        EmotionDistribution face = LabelSet.FER2013.toDistribution(new double[] {0.05, 0.01, 0.04, 0.70, 0.05, 0.10, 0.05});
        // a speech model that only knows four classes
        EmotionDistribution voice = EmotionDistribution.fromScores(
                List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL, Emotion.SADNESS), new double[] {0.1, 0.5, 0.3, 0.1});
        // a text classifier: "What a lovely surprise!"
        EmotionDistribution text = EmotionDistribution.fromScores(Map.of(Emotion.HAPPINESS, 0.55, Emotion.SURPRISE, 0.40,
                Emotion.NEUTRAL, 0.05));
        Map<Modality, ModalityEvidence> evidence = new EnumMap<>(Modality.class);
        evidence.put(Modality.VISION, new ModalityEvidence(Modality.VISION, face, faceWeight, Optional.empty()));
        evidence.put(Modality.AUDIO, ModalityEvidence.of(Modality.AUDIO, voice));
        evidence.put(Modality.TEXT, ModalityEvidence.of(Modality.TEXT, text));
        return evidence;
    }

    /** Fuses with one strategy. */
    public static FusionResult fuse(FusionStrategy strategy, Map<Modality, ModalityEvidence> evidence) {
        return strategy.fuse(evidence);
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
