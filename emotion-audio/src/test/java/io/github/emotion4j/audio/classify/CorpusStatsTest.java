package io.github.emotion4j.audio.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.model.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusStatsTest {
    @TempDir
    Path dir;

    @Test
    void readsQuartiles() throws Exception {
        Path f = Files.writeString(dir.resolve("corpus-stats.properties"), "# quartiles\npitch_mean=100, 150,200\n");
        CorpusStats s = CorpusStats.read(f);
        assertEquals(150, s.get("pitch_mean").orElseThrow().median());
        assertEquals(100, s.get("pitch_mean").orElseThrow().iqr());
    }

    @Test
    void bytesThatAreNotUtf8NameTheFileAndTheProblem() throws Exception {
        byte[] b = "pitch_mean=1,2,3\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = new byte[b.length + 3];
        System.arraycopy(b, 0, bad, 0, b.length);
        bad[b.length] = (byte) 0xFF;
        bad[b.length + 1] = (byte) 0xFE;
        bad[b.length + 2] = (byte) 0x80;
        Path f = Files.write(dir.resolve("corpus-stats.properties"), bad);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CorpusStats.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertFalse(e.getMessage().contains("Input length"), e.getMessage());
    }

    @Test
    void malformedValuesAndMissingFilesNameTheFileAndTheLine() throws Exception {
        for (String text : new String[] {"pitch_mean=1,2\n", "pitch_mean=a,b,c\n", "pitch_mean=3,2,1\n", "pitch_mean=NaN,1,2\n"}) {
            Path f = Files.writeString(dir.resolve("corpus-stats.properties"), text);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CorpusStats.read(f), text);
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("pitch_mean"), e.getMessage());
        }
        Path missing = dir.resolve("nope.properties");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CorpusStats.read(missing));
        assertTrue(e.getMessage().contains("nope.properties") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
