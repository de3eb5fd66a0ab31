package io.github.emotion4j.training.head;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a trained head as a model folder: {@code head.bin} ({@link DenseHead} format),
 * {@code model.properties} (the card: labels, {@code head.layers}, {@code head.normalize},
 * {@code encoder}, SHA-256, metrics; written by {@link ModelCardWriter}) and {@code MODEL_CARD.md}. The folder is what
 * {@code EmotionRecognizer.builder().model(modality, folder)} and {@code analyze --model} take.
 * Stateless.
 */
public final class HeadFolder {
    private HeadFolder() {
    }

    /**
     * What to write.
     *
     * @param id          model id
     * @param modality    the modality the head reads
     * @param encoder     id of the encoder whose embeddings the head was trained on
     * @param labels      output labels in head order
     * @param head        the head
     * @param trainingData what it was trained on, in words
     * @param holdout     the held-out report (null when everything was used for training)
     * @param command     the command that made it
     * @param method      how the head was fitted, in words (card key {@code source})
     * @param extra       module-specific card keys
     * @param extraFiles  more files for the folder, name to UTF-8 content (listed and checksummed in the card)
     */
    public record Spec(String id, Modality modality, String encoder, List<Emotion> labels, DenseHead head,
                       String trainingData, ClassificationReport holdout, String command, String method,
                       Map<String, String> extra, Map<String, String> extraFiles) {
        /** Checks the components and copies the mutable ones. */
        public Spec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(modality, "modality");
            Objects.requireNonNull(encoder, "encoder");
            labels = List.copyOf(labels);
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(trainingData, "trainingData");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(method, "method");
            extra = Map.copyOf(extra);
            extraFiles = Map.copyOf(extraFiles);
            if (head.outputSize() != labels.size()) {
                throw new IllegalArgumentException("head has " + head.outputSize() + " outputs but " + labels.size() + " labels");
            }
        }
    }

    /**
     * Writes the folder (created if needed; existing files of the same names are replaced).
     *
     * @param s   what to write
     * @param dir the model folder
     * @throws IOException when a file cannot be written
     */
    public static void write(Spec s, Path dir) throws IOException {
        Objects.requireNonNull(s, "s");
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("head.bin"))) {
            s.head().write(out);
        }
        ModelCardWriter.Builder card = ModelCardWriter.builder()
                .setId(s.id())
                .setModality(s.modality())
                .optHeader("model card written by emotion4j train-head (format: models/README.md)")
                .addFile("head.bin", ModelFormat.RAW);
        for (Map.Entry<String, String> f : new TreeMap<>(s.extraFiles()).entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            card.addFile(f.getKey(), ModelFormat.RAW);
        }
        List<String> words = new ArrayList<>();
        s.labels().forEach(e -> words.add(e.word()));
        card.put("head.layers", s.head().layerSpec())
                .put("head.normalize", Boolean.toString(s.head().normalizes()))
                .put("labels", String.join(",", words))
                .put("activation", "softmax")
                .put("encoder", s.encoder())
                .put("source", "emotion4j train-head: " + s.method())
                .put("license", "as the training data's terms allow (user-trained)")
                .put("trainingData", s.trainingData());
        if (s.holdout() != null) {
            card.put("metric.holdout.n", Integer.toString(s.holdout().n()))
                    .put("metric.holdout.accuracy", num(s.holdout().accuracy()))
                    .put("metric.holdout.macroF1", num(s.holdout().macroF1()));
        }
        card.putAll(new TreeMap<>(s.extra()));
        card.optModelCardText(sha -> markdown(s, dir, words, sha.get("head.bin"))).build().write(dir);
    }

    private static String markdown(Spec s, Path dir, List<String> words, String sha) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.id()).append("\n\n");
        md.append("A ").append(s.modality().word()).append(" emotion head trained by `emotion4j train-head`: ")
                .append(s.method()).append(" (inputs standardised inside the head).\n\n");
        md.append("- labels: ").append(String.join(", ", words)).append('\n');
        md.append("- training data: ").append(s.trainingData()).append('\n');
        md.append("- layers: `").append(s.head().layerSpec()).append("`\n");
        md.append("- head.bin SHA-256: `").append(sha).append("`\n");
        md.append("- licence: as the training data's terms allow\n\n");
        md.append("## Command\n\n```\n").append(s.command()).append("\n```\n\n");
        if (s.holdout() != null) {
            md.append("## Held-out figures\n\nMeasured on a stratified held-out part before the final fit on all data:\n\n```\n")
                    .append(s.holdout().toText()).append("```\n");
        }
        md.append("\n## Use\n\n```\njava -jar emotion4j.jar analyze FILE --model ").append(dir).append("\n```\n");
        return md.toString();
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
