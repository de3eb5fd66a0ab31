package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.BatchProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding analyze's FILE|DIR|GLOB arguments, and batch progress output; no models. */
class BatchInputsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void files() throws Exception {
        for (String f : new String[] {"data/a.txt", "data/b.wav", "data/sub/c.png", "data/sub/deep/d.srt",
                "data/sub/deep/e.mp4", "data/.hidden/x.txt", "data/.y.txt", "data/notes.md", "data/sub/README"}) {
            Path p = tmp.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        Files.createDirectories(tmp.resolve("empty"));
    }

    private List<String> names(List<Path> paths) {
        return paths.stream().map(p -> tmp.relativize(p.toAbsolutePath()).toString().replace('\\', '/')).toList();
    }

    @Test
    void folderIsWalkedRecursivelyForKnownMedia() throws Exception {
        List<Path> files = InputFiles.expand(List.of(tmp.resolve("data").toString()));
        assertEquals(List.of("data/a.txt", "data/b.wav", "data/sub/c.png", "data/sub/deep/d.srt", "data/sub/deep/e.mp4"),
                names(files), "sorted, media extensions only, hidden files and folders skipped");
        assertTrue(InputFiles.isBatch(List.of(tmp.resolve("data").toString())), "a folder is a batch");
    }

    @Test
    void globsMatchBelowTheirFixedFolder() throws Exception {
        String data = tmp.resolve("data").toString();
        assertEquals(List.of("data/sub/deep/d.srt", "data/sub/deep/e.mp4"),
                names(InputFiles.expand(List.of(data + "/sub/deep/*"))));
        assertEquals(List.of("data/a.txt"), names(InputFiles.expand(List.of(data + "/*.txt"))), "* stays in its folder");
        assertEquals(List.of("data/a.txt", "data/sub/c.png"),
                names(InputFiles.expand(List.of(data + "/**/*.{txt,png}"))), "**/ matches no folder as well as many");
        assertEquals(List.of("data/sub/c.png"), names(InputFiles.expand(List.of(data + "/s?b/*.png"))));
        assertTrue(InputFiles.isGlob(data + "/*.txt"));
        assertFalse(InputFiles.isGlob(data + "/a.txt"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.expand(List.of(data + "/*.flac")));
        assertTrue(none.getMessage().contains("*.flac"), none.getMessage());
    }

    @Test
    void severalArgumentsKeepTheirOrderAndNameEachFileOnce() throws Exception {
        String a = tmp.resolve("data/a.txt").toString();
        String c = tmp.resolve("data/sub/c.png").toString();
        List<Path> files = InputFiles.expand(List.of(c, a, tmp.resolve("data/sub").toString(), a));
        assertEquals(List.of("data/sub/c.png", "data/a.txt", "data/sub/deep/d.srt", "data/sub/deep/e.mp4"), names(files));
        assertTrue(InputFiles.isBatch(List.of(a, c)));
        assertFalse(InputFiles.isBatch(List.of(a)), "one file is not a batch");
    }

    @Test
    void badArgumentsAreNamed() {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> InputFiles.expand(List.of(tmp.resolve("data/a.txt").toString(), tmp.resolve("nope.wav").toString())));
        assertTrue(missing.getFile().endsWith("nope.wav"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.expand(List.of(tmp.resolve("data/notes.md").toString())));
        assertTrue(unknown.getMessage().contains("notes.md"), unknown.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.expand(List.of(tmp.resolve("empty").toString())));
        assertTrue(empty.getMessage().contains("no image, audio, video"), empty.getMessage());
    }

    @Test
    void progressIsABarOnATerminalAndPlainLinesOtherwise() {
        BatchProgress half = new BatchProgress(4, 1, 1, 0, Duration.ofSeconds(10));
        BatchProgress all = new BatchProgress(4, 3, 1, 0, Duration.ofSeconds(20));

        StringWriter lines = new StringWriter();
        StringWriter out = new StringWriter();
        try (BatchProgressBar p = new BatchProgressBar(new PrintWriter(lines), BatchProgressBar.Mode.LINES, Duration.ZERO)) {
            p.update(half);
            p.println(new PrintWriter(out), "a.wav: anger 60%");
            p.update(all);
        }
        assertFalse(lines.toString().contains("\r"), "no carriage return when stderr is not a terminal: " + lines);
        assertTrue(lines.toString().contains("analysed 2/4 files (1 failed), 10 s, ETA 10 s"), lines.toString());
        assertEquals(1, lines.toString().lines().count(), "no line for the complete batch (the summary says it)");
        assertEquals("a.wav: anger 60%", out.toString().strip());

        StringWriter bar = new StringWriter();
        try (BatchProgressBar p = new BatchProgressBar(new PrintWriter(bar), BatchProgressBar.Mode.BAR, Duration.ZERO)) {
            p.update(half);
        }
        assertTrue(bar.toString().startsWith("\r[==============="), bar.toString());
        assertTrue(bar.toString().contains("2/4 files  1 failed  ETA 10 s"), bar.toString());
        assertTrue(bar.toString().endsWith("\r"), "erased at the end");

        StringWriter off = new StringWriter();
        try (BatchProgressBar p = new BatchProgressBar(new PrintWriter(off), BatchProgressBar.Mode.OFF, Duration.ZERO)) {
            p.update(half);
        }
        assertEquals("", off.toString());
        assertEquals("1m12s", BatchProgressBar.duration(Duration.ofSeconds(72)));
        assertEquals("2h03m", BatchProgressBar.duration(Duration.ofMinutes(123)));
    }

    @Test
    void terminalDetectionHasASeam() {
        try {
            Terminal.override(true);
            assertEquals(BatchProgressBar.Mode.BAR, BatchProgressBar.mode(true));
            Terminal.override(false);
            assertEquals(BatchProgressBar.Mode.LINES, BatchProgressBar.mode(true));
            assertEquals(BatchProgressBar.Mode.OFF, BatchProgressBar.mode(false));
        } finally {
            Terminal.override(null);
        }
        // under the test runner stderr is a pipe
        assertFalse(Terminal.stderrIsTerminal());
    }
}
