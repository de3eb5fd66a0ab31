package io.github.emotion4j.examples;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises emotion in a few sentences with the bundled text model, reusing one recognizer.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.AnalyzeText "I can't believe we won!"
 * </pre>
 */
public final class AnalyzeText {
    private AnalyzeText() {
    }

    public static void main(String[] args) throws IOException, ModelLoadException {
        List<String> texts = args.length > 0 ? List.of(args) : List.of("What a lovely surprise, thank you so much!",
                "I am furious about the delay.", "The train leaves at nine.");
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build()) {
            for (String text : texts) {
                EmotionPrediction p = recognizer.predict(MediaInput.ofText(text));
                LabelScore top = p.top();
                System.out.printf(Locale.ROOT, "%-45s %s %.2f (valence %+.2f)%n", text, top.label().word(), top.probability(),
                        p.dimensions().valence());
                // fine-grained scores the text module reports next to the canonical ones (GoEmotions' labels)
                Map<String, Double> details = p.modality(Modality.TEXT).orElseThrow().details();
                if (!details.isEmpty()) {
                    System.out.println("    details: " + details);
                }
            }
        }
    }

    /** Analyses one text (used by the test). */
    public static EmotionPrediction analyze(String text) throws IOException, ModelLoadException {
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build()) {
            return recognizer.predict(MediaInput.ofText(text));
        }
    }
}
