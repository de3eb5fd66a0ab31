package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.testing.Modules;
import io.github.emotion4j.writers.CsvWriter;
import io.github.emotion4j.writers.PredictionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze} on several files, folders and globs, with the real text model (skipped without emotion-text). */
class BatchCliTest {
    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void files() throws Exception {
        data = tmp.resolve("data");
        write("a.txt", "I am furious, you lied to me again!");
        write("sub/b.txt", "What a wonderful surprise, I am so happy to see you!");
        write("sub/deep/c.srt", "1\n00:00:00,500 --> 00:00:02,000\nNow everyone has gone, and I feel sad and alone.\n");
        write("sub/broken.wav", "this is not a wav file");
        write("sub/empty.txt", "   \n");
        write(".hidden/skipped.txt", "not analysed");
        write("notes.md", "not media");
    }

    private void write(String name, String text) throws Exception {
        Path p = data.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static Set<String> inputs(List<String> jsonLines) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String l : jsonLines) {
            JsonNode n = PredictionJson.mapper().readTree(l);
            out.add(Path.of(n.get("input").asText()).getFileName().toString());
        }
        return out;
    }

    @Test
    void folderGivesOneCsvTableOneJsonLinePerFileAndASummary() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path csv = tmp.resolve("out/all.csv");
        Path jsonl = tmp.resolve("out/all.jsonl");
        CliRunner r = CliRunner.run("analyze", data.toString(), "--modalities", "text", "--threads", "2",
                "--csv", csv.toString(), "--jsonl", jsonl.toString());
        assertEquals(AnalyzeCommand.SOME_FAILED, r.code(), "the broken file fails, the others are written: " + r);
        assertTrue(r.err().contains("error: " + data.resolve("sub/broken.wav")), r.toString());
        assertFalse(r.err().contains("\r"), "no bar when stderr is not a terminal: " + r);
        assertTrue(r.out().contains("5 files: 4 ok (1 without evidence), 1 failed"), r.toString());
        assertTrue(r.out().contains(data.resolve("a.txt") + ": anger"), r.toString());
        assertTrue(r.out().contains("files/s"), r.toString());

        List<String> rows = Files.readAllLines(csv);
        assertEquals(String.join(",", CsvWriter.HEADER), rows.get(0), "one header");
        Set<String> csvFiles = new TreeSet<>();
        for (String row : rows.subList(1, rows.size())) {
            csvFiles.add(Path.of(row.substring(0, row.indexOf(','))).getFileName().toString());
        }
        assertEquals(Set.of("a.txt", "b.txt", "c.srt", "empty.txt"), csvFiles, "every analysed file, none for the failed one");
        assertTrue(rows.stream().anyMatch(l -> l.startsWith(data.resolve("sub/empty.txt") + ",,,fused,,,false,")), rows.toString());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith(data.resolve("a.txt") + ",,,fused,,,true,anger,")), rows.toString());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith(data.resolve("sub/deep/c.srt") + ",0.500,2.000,")),
                "the subtitle's timed segment: " + rows);

        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(5, lines.size(), lines.toString());
        List<String> order = new ArrayList<>();
        for (String l : lines) {
            JsonNode n = PredictionJson.mapper().readTree(l);
            order.add(Path.of(n.get("input").asText()).getFileName().toString());
            if (n.has("error")) {
                assertEquals("broken.wav", Path.of(n.get("input").asText()).getFileName().toString());
            } else {
                assertEquals(PredictionJson.SCHEMA, n.get("schema").asText());
                assertEquals(!order.get(order.size() - 1).equals("empty.txt"), n.get("evidence").asBoolean(), l);
            }
        }
        assertEquals(List.of("a.txt", "b.txt", "broken.wav", "c.srt", "empty.txt"), order,
                "input order: the folder sorted by path");
        assertTrue(r.out().contains(data.resolve("sub/empty.txt") + ": no evidence"), r.toString());
    }

    @Test
    void globAndSeveralFilesToStandardOutput() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        CliRunner glob = CliRunner.run("analyze", data + "/**/*.txt", "--modalities", "text", "--jsonl", "-");
        assertEquals(0, glob.code(), glob.toString());
        List<String> lines = glob.out().lines().toList();
        assertEquals(Set.of("a.txt", "b.txt", "empty.txt"), inputs(lines), "**/ matches the top folder too; hidden folders skipped");
        assertTrue(glob.err().contains("3 files: 3 ok (1 without evidence), 0 failed"), "summary on stderr: " + glob);

        CliRunner several = CliRunner.run("analyze", data.resolve("a.txt").toString(),
                data.resolve("sub/deep/c.srt").toString(), "--modalities", "text", "--threads", "1", "--csv", "-", "-q");
        assertEquals(0, several.code(), several.toString());
        List<String> rows = several.out().lines().toList();
        assertEquals(String.join(",", CsvWriter.HEADER), rows.get(0));
        assertTrue(rows.get(1).startsWith(data.resolve("a.txt") + ",,,fused,"), rows.toString());
        assertTrue(rows.get(rows.size() - 1).startsWith(data.resolve("sub/deep/c.srt").toString()), rows.toString());
        assertEquals("", several.err().strip(), "quiet: no lines, no summary, no progress: " + several);
    }

    @Test
    void progressBarOnlyOnATerminal() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        try {
            Terminal.override(true);
            CliRunner r = CliRunner.run("analyze", data.resolve("a.txt").toString(), data.resolve("sub/b.txt").toString(),
                    "--modalities", "text");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.err().contains("\r[") && r.err().contains("2/2 files"), "a bar on a terminal: " + r);
        } finally {
            Terminal.override(null);
        }
    }

    @Test
    void oneFileOptionsAreRefusedForABatch() {
        String a = data.resolve("a.txt").toString();
        String b = data.resolve("sub/b.txt").toString();
        CliRunner json = CliRunner.run("analyze", a, b, "--json", tmp.resolve("x.json").toString());
        assertEquals(2, json.code(), json.toString());
        assertTrue(json.err().contains("--jsonl"), json.toString());
        CliRunner timeline = CliRunner.run("analyze", data.toString(), "--timeline", tmp.resolve("x.png").toString());
        assertEquals(2, timeline.code(), timeline.toString());
        assertTrue(timeline.err().contains("--timeline"), timeline.toString());
        CliRunner text = CliRunner.run("analyze", a, b, "--text", "hello");
        assertEquals(2, text.code(), text.toString());
        CliRunner missing = CliRunner.run("analyze", a, tmp.resolve("gone.wav").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("no such file: " + tmp.resolve("gone.wav")), missing.toString());
        CliRunner threads = CliRunner.run("analyze", a, b, "--threads", "0");
        assertEquals(2, threads.code(), threads.toString());
        CliRunner twoStdout = CliRunner.run("analyze", a, b, "--csv", "-", "--jsonl", "-");
        assertEquals(2, twoStdout.code(), twoStdout.toString());
        assertTrue(twoStdout.err().contains("standard output"), twoStdout.toString());
    }

    @Test
    void oneFileWritesOneJsonLine() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path jsonl = tmp.resolve("one.jsonl");
        CliRunner r = CliRunner.run("analyze", data.resolve("a.txt").toString(), "--modalities", "text", "--jsonl",
                jsonl.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith(data.resolve("a.txt") + ": anger"), "the one-file summary: " + r);
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(1, lines.size());
        assertEquals("anger", PredictionJson.mapper().readTree(lines.get(0)).at("/top/label").asText());
    }
}
