package io.github.emotion4j.programs.conversation;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a context model folder that emotion-text's {@code DialogueContextModel.load} reads:
 * {@code weights.bin} (the nets' tensors with their prefixes, plus the shared {@code norm.mean} and
 * {@code norm.std}) and the card through {@link ModelCardWriter} ({@code nets}, {@code net.<name>.*},
 * {@code context.inputSize}, {@code context.window}, labels, any extra keys).
 */
final class ContextModelFolder {
    private ContextModelFolder() {
    }

    /** A net and its trained tensors. */
    record Net(NetSpec spec, Map<String, int[]> shapes, Map<String, float[]> params) {
    }

    static Map<String, String> write(Path dir, String id, List<Net> nets, float[] mean, float[] std, List<String> labels,
                                     int window, Map<String, String> extra, Function<Map<String, String>, String> markdown)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        shapes.put("norm.mean", new int[] {mean.length});
        values.put("norm.mean", mean);
        shapes.put("norm.std", new int[] {std.length});
        values.put("norm.std", std);
        ModelCardWriter.Builder card = ModelCardWriter.builder().setId(id).setModality(Modality.TEXT)
                .optHeader("Written by io.github.emotion4j.programs.conversation.TrainDialogueContext -- rerun it instead of editing.")
                .addFile("weights.bin", ModelFormat.RAW)
                .put("labels", String.join(",", labels))
                .put("activation", "softmax")
                .put("context.inputSize", Integer.toString(mean.length))
                .put("context.window", Integer.toString(window))
                .put("nets", String.join(",", nets.stream().map(n -> n.spec().name()).toList()));
        for (Net n : nets) {
            shapes.putAll(n.shapes());
            values.putAll(n.params());
            n.spec().cardKeys().forEach(card::put);
        }
        extra.forEach(card::put);
        if (markdown != null) {
            card.optModelCardText(markdown);
        }
        WeightsFile.write(dir.resolve("weights.bin"), shapes, values);
        return card.build().write(dir);
    }
}
