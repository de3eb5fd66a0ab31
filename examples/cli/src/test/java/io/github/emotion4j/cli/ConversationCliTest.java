package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.testing.Modules;
import io.github.emotion4j.writers.ConversationJson;
import io.github.emotion4j.writers.PredictionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --conversation} and {@code evaluate --modality conversation} end to end on src-test-data/conversation. */
class ConversationCliTest {
    private static final String SMALL = TestData.resolve("conversation/small.tsv").toString();

    @TempDir
    Path tmp;

    @Test
    void analyzeConversationPrintsTurnsAndWritesJson() throws Exception {
        Path json = tmp.resolve("c.json");
        CliRunner r = CliRunner.run("analyze", "--conversation", SMALL, "--dialogue", "argument", "--json", json.toString(),
                "--context", "none");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("conversation argument: 4 turns, 2 speakers (Cid, Dee)"), r.toString());
        assertTrue(r.out().contains("inertia (predicted labels"), r.toString());
        assertTrue(r.out().contains("contagion (gold labels"), r.toString());
        JsonNode j = PredictionJson.read(json);
        assertEquals(ConversationJson.SCHEMA, j.get("schema").asText());
        assertEquals(4, j.get("utterances").size());
        assertEquals("anger", j.at("/utterances/0/top/label").asText(), j.toPrettyString());
        assertEquals("anger", j.at("/utterances/0/label").asText());
        assertEquals(2, j.at("/speakers/Cid/timeline").size());
        assertEquals(1, j.at("/goldStats/inertia/0/same").asInt(), "Cid: anger then anger");
    }

    @Test
    void analyzeAllDialoguesToStdoutAndAVttConversation() throws Exception {
        CliRunner r = CliRunner.run("analyze", "--conversation", SMALL, "--json", "-");
        assertEquals(0, r.code(), r.toString());
        JsonNode all = PredictionJson.mapper().readTree(r.out());
        assertTrue(all.isArray() && all.size() == 2, r.out());
        CliRunner v = CliRunner.run("analyze", "--conversation", TestData.resolve("conversation/small.vtt").toString());
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().contains("0.5-2.0 s"), v.toString());
        assertTrue(v.out().contains("Ann"), v.toString());
    }

    @Test
    void mediaSegmentsJoinTheTurnsOfAVttConversation() throws Exception {
        assumeTrue(Modules.present(Modality.AUDIO) && Modules.present(Modality.VISION), "audio or vision module absent");
        Path json = tmp.resolve("demo.json");
        CliRunner r = CliRunner.run("analyze", "--conversation", TestData.resolve("conversation/demo.vtt").toString(),
                TestData.resolve("demo/demo.mp4").toString(), "--json", json.toString(), "-q");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = PredictionJson.read(json);
        assertEquals(3, j.get("utterances").size());
        for (JsonNode u : j.get("utterances")) {
            assertTrue(u.at("/modalities/audio").isObject() && u.at("/modalities/vision").isObject()
                    && u.at("/modalities/text").isObject(), u.toPrettyString());
        }
        assertEquals("Bob", j.at("/utterances/1/speaker").asText());
        assertEquals(3.675, j.at("/utterances/1/start").asDouble(), 1e-9);
        assertEquals("anger", j.at("/utterances/1/top/label").asText(), j.toPrettyString());
        assertTrue(j.at("/provenance/models").toString().contains("face-expression-net"), j.toPrettyString());
    }

    @Test
    void badConversationInputIsAUserError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.tsv"), "dialogue\tturn\tspeaker\tlabel\ttext\nd\t0\tA\tbliss\thi\n");
        CliRunner r = CliRunner.run("analyze", "--conversation", bad.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("bad.tsv") && r.err().contains("line 2") && r.err().contains("label 'bliss'"), r.toString());
        CliRunner media = CliRunner.run("analyze", "--conversation", SMALL, TestData.resolve("demo/demo.mp4").toString());
        assertEquals(2, media.code(), media.toString());
        assertTrue(media.err().contains("pick it with --dialogue"), media.toString());
        CliRunner stray = CliRunner.run("analyze", "--text", "hi", "--max-turns", "3");
        assertEquals(2, stray.code(), stray.toString());
        CliRunner limit = CliRunner.run("analyze", "--conversation", SMALL, "--max-turns", "3");
        assertEquals(2, limit.code(), limit.toString());
        assertTrue(limit.err().contains("more than 3 turns"), limit.toString());
    }

    @Test
    void evaluateConversationSideBySide() throws Exception {
        CliRunner r = CliRunner.run("evaluate", "--modality", "conversation", "--data", SMALL, "--context", "none");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("2 dialogues, 8 turns"), r.toString());
        assertTrue(r.out().contains("context model: none (with context equals without)"), r.toString());
        assertTrue(r.out().contains("weightedF1"), r.toString());
        assertTrue(r.out().contains("confusion (rows = true, columns = predicted)"), r.toString());
        assertTrue(r.out().contains("gold:"), r.toString());
        CliRunner j = CliRunner.run("evaluate", "--modality", "conversation", "--data", SMALL, "--json", "--context", "none");
        assertEquals(0, j.code(), j.toString());
        JsonNode n = PredictionJson.mapper().readTree(j.out());
        assertEquals(8, n.at("/withoutContext/n").asInt());
        assertEquals(n.at("/withoutContext/weightedF1").asDouble(), n.at("/withContext/weightedF1").asDouble());
        assertTrue(n.at("/withoutContext/accuracy").asDouble() >= 0.5, j.out());
        assertEquals(6, n.at("/withoutContext/classes").size(), "the gold classes: joy, surprise, neutral, anger, sadness, fear");
        assertEquals(1, n.at("/stats/gold/inertia/same").asInt());
        assertTrue(n.get("contextModel").isNull());
        // the default (--context auto) takes a registered context model when there is one; the shape stays
        CliRunner auto = CliRunner.run("evaluate", "--modality", "conversation", "--data", SMALL, "--json");
        assertEquals(0, auto.code(), auto.toString());
        JsonNode a = PredictionJson.mapper().readTree(auto.out());
        assertEquals(8, a.at("/withContext/n").asInt());
        assertEquals(n.at("/withoutContext"), a.at("/withoutContext"), "the no-context side does not depend on --context");
        CliRunner bad = CliRunner.run("evaluate", "--modality", "conversation", "--data", SMALL, "--context", "maybe");
        assertEquals(2, bad.code(), bad.toString());
    }
}
