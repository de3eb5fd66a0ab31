package io.github.emotion4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Modality;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardWriterTest {
    @TempDir
    Path dir;

    private ModelCardWriter.Builder card() {
        return ModelCardWriter.builder().setId("my-head").setModality(Modality.TEXT)
                .optHeader("written by a test")
                .addFile("head.bin", ModelFormat.RAW)
                .addFile("notes.txt", ModelFormat.RAW)
                .put("labels", "anger,happiness")
                .put("activation", "softmax")
                .put("trainingData", "toy: a=b #1 ! ünïcode\nsecond line")
                .put("metric.holdout.accuracy", "0.5000");
    }

    @Test
    void roundTripsThroughTheModelLocator() throws Exception {
        Files.write(dir.resolve("head.bin"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("notes.txt"), "hello", StandardCharsets.UTF_8);
        Map<String, String> sha = card().optModelCardText(s -> "# my-head\n\nsha " + s.get("head.bin") + "\n").build()
                .write(dir);
        assertEquals(Checksums.sha256(dir.resolve("head.bin")), sha.get("head.bin"));
        assertEquals(List.of("head.bin", "notes.txt"), List.copyOf(sha.keySet()));

        ModelBundle b = ModelLocator.fromDirectory(dir);
        ModelCard c = b.card();
        assertEquals("my-head", c.id());
        assertEquals("1", c.version());
        assertEquals("classification", c.task());
        assertEquals(Modality.TEXT, c.modality());
        assertEquals(List.of("head.bin", "notes.txt"), List.copyOf(c.files().keySet()));
        assertEquals(ModelFormat.RAW, c.files().get("head.bin"));
        assertEquals(sha.get("notes.txt"), c.sha256().get("notes.txt"));
        assertEquals(List.of("anger", "happiness"), c.labels());
        assertEquals("softmax", c.activation());
        assertEquals("toy: a=b #1 ! ünïcode\nsecond line", c.trainingData());
        assertEquals("0.5000", c.metrics().get("holdout.accuracy"));
        assertEquals("# my-head\n\nsha " + sha.get("head.bin") + "\n",
                Files.readString(dir.resolve(ModelCardWriter.MARKDOWN_FILE_NAME)));
    }

    @Test
    void aModelOverSeveralModalitiesNamesThemAll() throws Exception {
        Files.write(dir.resolve("weights.bin"), new byte[] {4, 5});
        ModelCardWriter.builder().setId("my-fusion").optTask("fusion")
                .setModalities(List.of(Modality.AUDIO, Modality.VISION, Modality.TEXT))
                .addFile("weights.bin", ModelFormat.RAW).put("architecture", "moe").build().write(dir);
        String text = Files.readString(dir.resolve(ModelCard.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(text.contains("modalities=AUDIO,VISION,TEXT\n") && !text.contains("modality="), text);
        assertEquals("moe", ModelLocator.fromDirectory(dir).card().property("architecture").orElseThrow());
        assertThrows(IllegalStateException.class, () -> ModelCardWriter.builder().setId("x").setModality(Modality.TEXT)
                .setModalities(List.of(Modality.AUDIO)).addFile("weights.bin", ModelFormat.RAW).build(), "not both");
    }

    @Test
    void writesKeysInAStableOrder() throws Exception {
        Files.write(dir.resolve("head.bin"), new byte[] {1});
        Files.write(dir.resolve("notes.txt"), new byte[] {2});
        card().build().write(dir);
        List<String> keys = Files.readAllLines(dir.resolve("model.properties")).stream()
                .filter(l -> !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))).toList();
        assertEquals(List.of("id", "version", "task", "modality", "files", "format.head.bin", "sha256.head.bin",
                "format.notes.txt", "sha256.notes.txt", "labels", "activation", "trainingData",
                "metric.holdout.accuracy"), keys);
        assertTrue(Files.readString(dir.resolve("model.properties")).startsWith("# written by a test\n"));
        assertFalse(Files.exists(dir.resolve(ModelCardWriter.MARKDOWN_FILE_NAME)), "no markdown text, no file");
    }

    @Test
    void checksumsTheFilesAsWrittenAndRejectsWhatItOwnsOrLacks() {
        assertThrows(IOException.class, () -> card().build().write(dir), "head.bin was never written");
        assertThrows(IllegalArgumentException.class, () -> card().put("sha256.head.bin", "0"));
        assertThrows(IllegalArgumentException.class, () -> card().put("id", "other"));
        assertThrows(IllegalArgumentException.class, () -> card().addFile("head.bin", ModelFormat.RAW));
        assertThrows(IllegalStateException.class, () -> ModelCardWriter.builder().setId("x").build());
        assertThrows(IllegalStateException.class,
                () -> ModelCardWriter.builder().setId("x").setModality(Modality.AUDIO).build());
    }
}
