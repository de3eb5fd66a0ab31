package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.writers.PredictionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code emotion4j live} on the demo file and on absent devices. */
class LiveCommandTest {
    @Test
    void fileAsJsonLinesEndsWithTheFile() throws Exception {
        CliRunner r = CliRunner.run("live", "--file", TestData.resolve("demo/demo.mp4").toString(), "--fps", "2", "--jsonl");
        assertEquals(0, r.code(), r.toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                lines.add(PredictionJson.mapper().readTree(line));
            }
        }
        assertEquals("connected", lines.get(0).get("state").asText(), r.toString());
        assertEquals("ended", lines.get(lines.size() - 1).get("state").asText(), r.toString());
        assertTrue(lines.stream().anyMatch(n -> "face".equals(n.path("kind").asText())), r.toString());
        assertTrue(lines.stream().anyMatch(n -> "speech".equals(n.path("kind").asText())), r.toString());
        assertTrue(lines.stream().anyMatch(n -> "fused".equals(n.path("kind").asText())
                && n.path("modalities").size() == 2), r.toString());
        for (JsonNode n : lines) {
            if ("segment".equals(n.get("type").asText())) {
                assertTrue(n.get("latencyMs").asLong() >= 0 && n.get("end").asDouble() >= n.get("start").asDouble(), n.toString());
                assertTrue(n.at("/top/probability").asDouble() > 0, n.toString());
            }
        }
    }

    @Test
    void textLinesAtRealTimeForAFewSeconds() {
        CliRunner r = CliRunner.run("live", "--file", TestData.resolve("demo/demo.mp4").toString(), "--realtime",
                "--duration", "3");
        assertEquals(0, r.code(), r.toString());
        System.out.print(r.out());
        System.out.print(r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains(" face ")), r.toString());
        assertTrue(r.err().contains("# connected: connected to file"), r.toString());
        assertTrue(r.err().contains("# stopped"), r.toString());
        assertTrue(r.err().contains("frames decoded"), r.toString());
    }

    @Test
    void absentCameraIsAClearUserError() {
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera is present");
        CliRunner r = CliRunner.run("live", "--camera", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("camera /dev/video0: no such camera device"), r.toString());
    }

    @Test
    void sourceIsRequiredAndRealtimeOnlyForFiles() {
        CliRunner none = CliRunner.run("live");
        assertEquals(2, none.code(), none.toString());
        CliRunner two = CliRunner.run("live", "--mic", "--camera", "0");
        assertEquals(2, two.code(), two.toString());
        CliRunner rt = CliRunner.run("live", "--url", "http://127.0.0.1:9/x.ts", "--realtime");
        assertEquals(2, rt.code(), rt.toString());
        assertTrue(rt.err().contains("--realtime goes with --file"), rt.toString());
    }
}
