package io.github.emotion4j.training.head;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.Checksums;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a trained head as a model folder: {@code head.bin} ({@link DenseHead} format),
 * {@code model.properties} (the card: labels, {@code head.layers}, {@code head.normalize},
 * {@code encoder}, SHA-256, metrics) and {@code MODEL_CARD.md}. The folder is what
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

    /** Writes the folder (created if needed; existing files of the same names are replaced). */
    public static void write(Spec s, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path bin = dir.resolve("head.bin");
        try (OutputStream out = Files.newOutputStream(bin)) {
            s.head().write(out);
        }
        String sha = Checksums.sha256(bin);
        List<String> files = new ArrayList<>(List.of("head.bin"));
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(s.extraFiles()).entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            files.add(f.getKey());
        }
        List<String> words = new ArrayList<>();
        s.labels().forEach(e -> words.add(e.word()));
        Map<String, String> card = new LinkedHashMap<>();
        card.put("id", s.id());
        card.put("version", "1");
        card.put("task", "classification");
        card.put("modality", s.modality().name());
        card.put("files", String.join(",", files));
        for (String f : files) {
            card.put("format." + f, "RAW");
            card.put("sha256." + f, Checksums.sha256(dir.resolve(f)));
        }
        card.put("head.layers", s.head().layerSpec());
        card.put("head.normalize", Boolean.toString(s.head().normalizes()));
        card.put("labels", String.join(",", words));
        card.put("activation", "softmax");
        card.put("encoder", s.encoder());
        card.put("source", "emotion4j train-head: " + s.method());
        card.put("license", "as the training data's terms allow (user-trained)");
        card.put("trainingData", s.trainingData());
        if (s.holdout() != null) {
            card.put("metric.holdout.n", Integer.toString(s.holdout().n()));
            card.put("metric.holdout.accuracy", num(s.holdout().accuracy()));
            card.put("metric.holdout.macroF1", num(s.holdout().macroF1()));
        }
        card.putAll(s.extra());
        StringBuilder props = new StringBuilder("# model card written by emotion4j train-head (format: models/README.md)\n");
        card.forEach((k, v) -> props.append(k).append('=').append(escape(v)).append('\n'));
        Files.writeString(dir.resolve("model.properties"), props.toString(), StandardCharsets.UTF_8);

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
        Files.writeString(dir.resolve("MODEL_CARD.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static String escape(String v) {
        StringBuilder b = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                default -> {
                    if (c > 0x7e) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
