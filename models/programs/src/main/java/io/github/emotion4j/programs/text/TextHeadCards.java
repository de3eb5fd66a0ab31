package io.github.emotion4j.programs.text;

import ai.djl.engine.Engine;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the two text head folders ({@code head.bin}, {@code lexicon.bin}) and their cards
 * through {@link io.github.emotion4j.core.model.ModelCardWriter}. Part of {@link TrainTextHeads}.
 */
final class TextHeadCards {
    private TextHeadCards() {
    }

    static final String COMMAND = "./mvnw -q -B -pl models/programs exec:java"
            + " -Dexec.mainClass=io.github.emotion4j.programs.text.TrainTextHeads"
            + " -Dexec.args=\"../shared/data/text/goemotions models/src/main/resources/io/github/emotion4j/models\"";

    static String writeHead(Path dir, DenseHead head) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("head.bin");
        try (OutputStream o = Files.newOutputStream(file)) {
            head.write(o);
        }
        return Checksums.sha256(file);
    }

    static String writeLexicon(Path dir, DenseHead lexicon) throws IOException {
        Path file = dir.resolve("lexicon.bin");
        try (OutputStream o = Files.newOutputStream(file)) {
            lexicon.write(o);
        }
        return Checksums.sha256(file);
    }

    /** The card keys both heads share: files, layers, the lexicon. */
    private static ModelCardWriter.Builder card(String id, DenseHead head, DenseHead lexicon) {
        return ModelCardWriter.builder()
                .setId(id)
                .setModality(Modality.TEXT)
                .optHeader("Written by io.github.emotion4j.programs.text.TrainTextHeads -- rerun it instead of editing.")
                .addFile("head.bin", ModelFormat.RAW)
                .addFile("lexicon.bin", ModelFormat.RAW)
                .put("head.layers", head.layerSpec())
                .put("head.normalize", "true")
                .put("lexicon.file", "lexicon.bin")
                .put("lexicon.layers", lexicon.layerSpec());
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The command that trains the heads over {@code encoder} (MiniLM: the default; others: the fourth argument). */
    static String command(String encoder) {
        // heads over the optional encoders live in models/text-encoders (artifact emotion4j-models-text-encoders)
        String c = encoder.equals(TrainTextHeads.ENCODER) ? COMMAND : COMMAND.substring(0, COMMAND.length() - 1)
                .replace("models/src/main/resources", "models/text-encoders/src/main/resources")
                + " /tmp/e4j-cache/text " + encoder + "\"";
        return TrainTextHeads.ENSEMBLE > 1 ? c.replace("exec:java", "exec:java -Densemble=" + TrainTextHeads.ENSEMBLE) : c;
    }

    static void writeEkman(Path dir, String encoder, DenseHead head, DenseHead lexicon, int[] keptIds, ClassificationReport r,
                           String encoderSha, int epochs, double minutes) throws IOException {
        String sha = writeHead(dir, head);
        String lexSha = writeLexicon(dir, lexicon);
        String idsSha = writeIds(dir, keptIds);
        String id = dir.getFileName().toString();
        ModelCardWriter.Builder card = compact(card(id, head, lexicon))
                .put("labels", String.join(",", LabelSet.GOEMOTIONS_EKMAN.labels()))
                .put("labelSet", "GOEMOTIONS_EKMAN")
                .put("activation", "softmax")
                .put("encoder", encoder)
                .put("encoder.sha256", encoderSha)
                .put("language", "en")
                .put("source", "trained by emotion4j (TrainTextHeads, DJL " + Engine.getDjlVersion()
                        + " PyTorch engine, seed " + TrainTextHeads.SEED + ")")
                .put("license", "Apache-2.0 (weights); training data GoEmotions CC BY 4.0")
                .put("trainingData", "GoEmotions ekman/train.tsv (43,410 Reddit comments, Ekman grouping), 90% fit / 10% held out")
                .put("metric.goemotions-ekman-dev-single.n", Integer.toString(r.n()))
                .put("metric.goemotions-ekman-dev-single.accuracy", f4(r.accuracy()))
                .put("metric.goemotions-ekman-dev-single.macroF1", f4(r.macroF1()));
        for (int c = 0; c < r.classes().size(); c++) {
            card.put("metric.goemotions-ekman-dev-single.f1." + r.classes().get(c), f4(r.f1(c)));
        }
        StringBuilder md = new StringBuilder();
        md.append("# ").append(id).append(" — Ekman emotion head over ").append(TrainTextHeads.shortName(encoder))
                .append(" sentence embeddings\n\n");
        md.append("A small MLP trained by emotion4j on GoEmotions (Ekman grouping) over the L2-normalised\n")
                .append("pooled embeddings of `").append(encoder).append("`. Outputs softmax probabilities over\n")
                .append("anger, disgust, fear, joy (-> happiness), neutral, sadness, surprise.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| architecture | standardise ").append(head.inputSize()).append(" inputs, `").append(head.layerSpec()).append("` (dropout ")
                .append(TrainTextHeads.DROPOUT).append(" in training), plus a lexicon: a linear layer `").append(lexicon.layerSpec())
                .append("` over the set of word pieces in the text (only word pieces in at least ").append(TrainTextHeads.MIN_DF)
                .append(" fitted comments are learned, the rest weigh 0; stored compact: only those ").append(keptIds.length)
                .append(" columns, their ids in `").append(LEXICON_IDS_FILE).append("`; extra L2 ").append(TrainTextHeads.LEXICON_DECAY)
                .append("), logits summed, softmax |\n");
        if (TrainTextHeads.ENSEMBLE > 1) {
            md.append("| ensemble | ").append(TrainTextHeads.ENSEMBLE).append(" such heads trained with seeds ").append(TrainTextHeads.SEED)
                    .append(" + 1000 m on the same data, merged exactly into the one above (hidden layers side by side, output")
                    .append(" weights divided by ").append(TrainTextHeads.ENSEMBLE).append(", lexicons averaged: its logits are the")
                    .append(" members' mean); the offsets below are tuned on the merged head |\n");
        }
        md.append("| training data | GoEmotions `ekman/train.tsv` (Demszky et al. 2020, CC BY 4.0), 90% to fit, 10% held out (seed ")
                .append(TrainTextHeads.SEED).append(") for early stopping and tuning |\n");
        md.append("| multi-label rows | soft targets: the row's mass split equally over its labels |\n");
        md.append("| imbalance | class-weighted cross-entropy (weight = (N / (7 n_c))^").append(TrainTextHeads.CLASS_WEIGHT_POWER)
                .append("), then per-class logit offsets tuned for macro-F1 on the held-out part and folded into the last bias |\n");
        md.append("| optimiser | Adam, lr ").append(TrainTextHeads.LR).append(", batch ").append(TrainTextHeads.BATCH).append(", best epoch ").append(epochs)
                .append(" (patience ").append(TrainTextHeads.PATIENCE).append(") |\n");
        md.append("| encoder | `").append(encoder).append("` (sha256 `").append(encoderSha).append("`) |\n");
        md.append("| language | English |\n");
        md.append("| licence | Apache-2.0 (weights, emotion4j's own work); data CC BY 4.0 |\n");
        md.append("| SHA-256 `head.bin` | `").append(sha).append("` |\n");
        md.append("| SHA-256 `lexicon.bin` | `").append(lexSha).append("` |\n");
        md.append("| SHA-256 `").append(LEXICON_IDS_FILE).append("` | `").append(idsSha).append("` |\n\n");
        md.append("## Evaluation — `ekman/dev.tsv`, single-label rows (never used in training or tuning)\n\n");
        md.append("```\n").append(r.toText()).append("```\n\n");
        md.append("Reference: the fine-tuned BERT baseline of the GoEmotions paper reaches macro-F1 0.64 at the Ekman level\n")
                .append("(all rows, multi-label); this head is a frozen-encoder MLP (100 k parameters) plus a linear word-piece lexicon.\n\n");
        md.append("Reproduce (a few minutes on 2 CPU cores; byte-identical weights on every run; embeddings cached in\n")
                .append("`emotion-text/target/embedding-cache` or the third argument):\n\n```\n").append(command(encoder)).append("\n```\n\n")
                .append("Re-evaluate with the module's evaluation entry point:\n\n```\n")
                .append("./mvnw -q -B -pl models/programs exec:java -Dexec.mainClass=io.github.emotion4j.programs.text.TextEvaluation \\\n")
                .append("    -Dexec.args=\"../shared/data/text/goemotions/ekman/dev.tsv\"\n```\n");
        card.optModelCardText(md.toString()).build().write(dir);
    }

    /** File of the word-piece ids of a compact lexicon's columns. */
    static final String LEXICON_IDS_FILE = "lexicon-ids.txt";

    /** Writes {@value #LEXICON_IDS_FILE} (one id a line); its SHA-256. */
    private static String writeIds(Path dir, int[] keptIds) throws IOException {
        StringBuilder ids = new StringBuilder();
        for (int id : keptIds) {
            ids.append(id).append('\n');
        }
        Files.writeString(dir.resolve(LEXICON_IDS_FILE), ids, java.nio.charset.StandardCharsets.UTF_8);
        return Checksums.sha256(dir.resolve(LEXICON_IDS_FILE));
    }

    /** The card keys of a compact lexicon (its ids file and the vocabulary EmbeddingHead spreads it onto). */
    private static ModelCardWriter.Builder compact(ModelCardWriter.Builder card) {
        return card.addFile(LEXICON_IDS_FILE, ModelFormat.RAW)
                .put("lexicon.ids", LEXICON_IDS_FILE)
                .put("lexicon.vocabulary", Integer.toString(TrainTextHeads.VOCAB));
    }

    /**
     * Writes the 28-label head. Its lexicon is written compact: only the columns of the word pieces
     * it learned ({@code keptIds}, listed in {@value #LEXICON_IDS_FILE}), since over the whole
     * vocabulary it would be 30,522 x 28 floats (3.4 MB), and the repository keeps files under 1 MB;
     * {@code EmbeddingHead} spreads it back onto the vocabulary when it loads it.
     */
    static void writeG28(Path dir, String encoder, DenseHead head, DenseHead lexicon, int[] keptIds, float[] thresholds,
                         double macroF1, double macroF1At05, ClassificationReport top, ClassificationReport folded,
                         String encoderSha, int epochs) throws IOException {
        String sha = writeHead(dir, head);
        String lexSha = writeLexicon(dir, lexicon);
        String idsSha = writeIds(dir, keptIds);
        String id = dir.getFileName().toString();
        StringBuilder th = new StringBuilder();
        for (int c = 0; c < thresholds.length; c++) {
            th.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", thresholds[c]));
        }
        ModelCardWriter.Builder card = compact(card(id, head, lexicon))
                .put("labels", String.join(",", LabelSet.GOEMOTIONS_28.labels()))
                .put("labelSet", "GOEMOTIONS_28")
                .put("activation", "sigmoid")
                .put("thresholds", th.toString())
                .put("encoder", encoder)
                .put("encoder.sha256", encoderSha)
                .put("language", "en")
                .put("source", "trained by emotion4j (TrainTextHeads, DJL PyTorch engine, seed " + TrainTextHeads.SEED + ")")
                .put("license", "Apache-2.0 (weights); training data GoEmotions CC BY 4.0")
                .put("trainingData", "GoEmotions original/train.tsv (43,410 Reddit comments, 27 emotions + neutral), "
                        + "90% fit / 10% held out")
                .put("metric.goemotions-dev.multilabelMacroF1", f4(macroF1))
                .put("metric.goemotions-dev.multilabelMacroF1At0.5", f4(macroF1At05))
                .put("metric.goemotions-dev-single.top1.accuracy", f4(top.accuracy()))
                .put("metric.goemotions-dev-single.top1.macroF1", f4(top.macroF1()))
                .put("metric.goemotions-ekman-dev-single.folded.macroF1", f4(folded.macroF1()));
        StringBuilder md = new StringBuilder();
        md.append("# ").append(id).append(" — GoEmotions 28-label head over ").append(TrainTextHeads.shortName(encoder))
                .append(" sentence embeddings\n\n");
        md.append("A small multi-label MLP trained by emotion4j on the 27 GoEmotions emotions plus neutral, over the\n")
                .append("embeddings of `").append(encoder).append("`. Sigmoid per label; emotion-text reports the scores as\n")
                .append("`goemotions.<label>` details and folds them into canonical emotions with the published Ekman\n")
                .append("mapping (`LabelSet.GOEMOTIONS_28`). `thresholds` in the card are per-label decision thresholds\n")
                .append("tuned on the held-out part of train.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| architecture | standardise ").append(head.inputSize()).append(" inputs, `").append(head.layerSpec()).append("` plus lexicon `")
                .append(lexicon.layerSpec()).append("` over the word pieces of the text (stored compact: only the ").append(keptIds.length)
                .append(" word pieces seen in at least ").append(TrainTextHeads.MIN_DF).append(" fitted comments, their ids in `")
                .append(LEXICON_IDS_FILE).append("`; the others weigh 0), logits summed, sigmoid |\n");
        md.append("| training data | GoEmotions `original/train.tsv` (CC BY 4.0), 90% fit / 10% held out (seed ").append(TrainTextHeads.SEED)
                .append(") |\n");
        md.append("| loss | binary cross-entropy per label (multi-label rows: every label is a positive) |\n");
        md.append("| optimiser | Adam, lr ").append(TrainTextHeads.LR).append(", batch ").append(TrainTextHeads.BATCH).append(", best epoch ").append(epochs)
                .append(" |\n");
        md.append("| licence | Apache-2.0 (weights); data CC BY 4.0 |\n");
        md.append("| SHA-256 `head.bin` | `").append(sha).append("` |\n");
        md.append("| SHA-256 `lexicon.bin` | `").append(lexSha).append("` |\n");
        md.append("| SHA-256 `").append(LEXICON_IDS_FILE).append("` | `").append(idsSha).append("` |\n\n");
        md.append("## Evaluation — `original/dev.tsv` (never used in training or tuning)\n\n");
        md.append("- multi-label macro-F1 over the 28 labels (per-label thresholds): **").append(f4(macroF1))
                .append("** (at 0.5: ").append(f4(macroF1At05)).append("); GoEmotions paper's BERT baseline: 0.46\n");
        md.append("- top-1 on single-label rows: accuracy ").append(f4(top.accuracy())).append(", macro-F1 ").append(f4(top.macroF1()))
                .append('\n');
        md.append("- folded to Ekman groups, `ekman/dev.tsv` single-label rows: accuracy ").append(f4(folded.accuracy()))
                .append(", macro-F1 ").append(f4(folded.macroF1())).append("\n\n");
        md.append("Top-1 report on single-label rows:\n\n```\n").append(top.toText()).append("```\n\n");
        md.append("Reproduce:\n\n```\n").append(command(encoder)).append("\n```\n");
        card.optModelCardText(md.toString()).build().write(dir);
    }
}
