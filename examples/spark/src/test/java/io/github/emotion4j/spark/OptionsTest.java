package io.github.emotion4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.spark.EmotionSparkJob.InputFormat;
import io.github.emotion4j.spark.EmotionSparkJob.Options;
import io.github.emotion4j.spark.EmotionSparkJob.OutputFormat;
import io.github.emotion4j.writers.CsvWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The command line, the settings that travel to the executors and the output schema; no Spark context. */
class OptionsTest {
    @Test
    void parsesTheCommandLineAndGuessesTheInputFormat() {
        Options o = Options.parse("--input", "s3a://bucket/media.csv", "--output", "out", "--format", "CSV",
                "--partitions", "8", "--modalities", "audio,vision", "--device", "cpu", "--fusion", "late",
                "--option", "vision.fps=4", "--overwrite");
        assertEquals(InputFormat.CSV, o.inputFormat());
        assertEquals(OutputFormat.CSV, o.format());
        assertEquals(8, o.partitions());
        assertTrue(o.overwrite());
        assertEquals(List.of(Modality.AUDIO, Modality.VISION), o.recognizer().modalities());
        assertEquals(Map.of("vision.fps", "4"), o.recognizer().options());
        assertEquals("cpu", o.recognizer().device());

        Options d = Options.parse("--input", "/data/clips", "--output", "out");
        assertEquals(InputFormat.FILES, d.inputFormat());
        assertEquals(OutputFormat.PARQUET, d.format());
        assertEquals(0, d.partitions());
        assertFalse(d.overwrite());
        assertNull(d.recognizer().device());
        assertEquals(InputFormat.PARQUET, Options.parse("--input", "t.parquet", "--output", "o").inputFormat());
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a.csv"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a", "--output", "o", "--fps", "4"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a", "--output", "o", "--format", "orc"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a", "--output", "o", "--device", "tpu"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a", "--output", "o", "--fusion", "x"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a", "--output", "o", "--partitions", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "a.csv", "--output", "o", "--glob", "*"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--input", "a", "--output", "o", "--option", "novalue"));
        assertTrue(e.getMessage().contains("KEY=VALUE"), e.getMessage());
    }

    @Test
    void settingsSurviveJavaSerialisation() throws IOException, ClassNotFoundException {
        RecognizerSettings s = new RecognizerSettings(List.of(Modality.TEXT), Map.of("vision.fps", "2"), "cpu", "late");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new MediaScorer(s, null));
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertTrue(in.readObject() instanceof MediaScorer);
            assertEquals(s, in.readObject());
        }
    }

    @Test
    void theSchemaIsTheCsvWritersColumnsThenError() {
        List<String> names = List.of(ScoreTable.SCHEMA.fieldNames());
        assertEquals(CsvWriter.HEADER, names.subList(0, names.size() - 1));
        assertEquals(ScoreTable.ERROR, names.get(names.size() - 1));
        assertEquals(DataTypes.DoubleType, ScoreTable.SCHEMA.apply("happiness").dataType());
        assertEquals(DataTypes.IntegerType, ScoreTable.SCHEMA.apply("person").dataType());
        Row r = ScoreTable.error("x.mp4", new IOException("bad header"));
        assertEquals("x.mp4", r.getString(0));
        assertEquals(Boolean.FALSE, r.get(ScoreTable.SCHEMA.fieldIndex("evidence")));
        assertEquals("IOException: bad header", r.getString(names.size() - 1));
    }
}
