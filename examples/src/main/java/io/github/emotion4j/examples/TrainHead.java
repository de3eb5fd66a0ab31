package io.github.emotion4j.examples;

import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.training.head.HeadFolder;
import io.github.emotion4j.training.head.LinearProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains your own text emotion head in a few lines: embeds labelled sentences with the bundled
 * MiniLM encoder (the embeddings every text result carries), fits a logistic-regression head,
 * writes it as a model folder and uses it through {@code EmotionRecognizer.builder().model(...)}.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.TrainHead target/my-text-head
 * </pre>
 */
public final class TrainHead {
    /** A small labelled set: customer messages in three moods. */
    static final Map<Emotion, List<String>> DATA = Map.of(
            Emotion.HAPPINESS, List.of("Thank you, the parcel arrived early and it is perfect!",
                    "Great service, I am delighted with the new phone.", "Wonderful, everything works now, thanks a lot!",
                    "I love it, best purchase this year."),
            Emotion.ANGER, List.of("This is the third time you sent the wrong item, I am furious.",
                    "Stop charging my card, I never ordered this!", "Your support hung up on me again, unacceptable.",
                    "I am so angry, nobody answers my emails."),
            Emotion.NEUTRAL, List.of("Please send the invoice to my office address.", "What are your opening hours on Sunday?",
                    "I would like to change my delivery date to Friday.", "The order number is 4471-22."));

    private TrainHead() {
    }

    public static void main(String[] args) throws IOException, ModelLoadException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/my-text-head");
        train(out);
        try (EmotionRecognizer mine = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT)
                .model(Modality.TEXT, out).build()) {
            for (String s : List.of("Brilliant, the refund came through, thank you!", "I am still waiting, this is outrageous!",
                    "Can I pick it up at the store?")) {
                EmotionPrediction p = mine.predict(MediaInput.ofText(s));
                System.out.printf(Locale.ROOT, "%-50s %s %.2f%n", s, p.top().label().word(), p.top().probability());
            }
        }
    }

    /** Embeds {@link #DATA}, fits the head and writes the folder; returns the labels in head order. */
    public static List<Emotion> train(Path out) throws IOException, ModelLoadException {
        List<Emotion> labels = List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.NEUTRAL);
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        String encoder = "";
        try (EmotionRecognizer bundled = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build()) {
            for (Emotion label : labels) {
                for (String text : DATA.get(label)) {
                    List<Embedding> e = bundled.predict(MediaInput.ofText(text)).modality(Modality.TEXT).orElseThrow().embeddings();
                    x.add(mean(e));
                    y.add(labels.indexOf(label));
                    encoder = e.get(0).modelId();
                }
            }
        }
        DenseHead head = LinearProbe.fit(x.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray(),
                labels.size(), LinearProbe.Config.defaults());
        HeadFolder.write(new HeadFolder.Spec(out.getFileName().toString(), Modality.TEXT, encoder, labels, head,
                "12 customer messages written for this example", null, "java io.github.emotion4j.examples.TrainHead " + out,
                "multinomial logistic regression on " + encoder + " embeddings", Map.of(), Map.of()), out);
        return labels;
    }

    private static float[] mean(List<Embedding> embeddings) {
        float[] sum = new float[embeddings.get(0).dimension()];
        for (Embedding e : embeddings) {
            float[] v = e.vector();
            for (int j = 0; j < sum.length; j++) {
                sum[j] += v[j] / embeddings.size();
            }
        }
        return sum;
    }
}
