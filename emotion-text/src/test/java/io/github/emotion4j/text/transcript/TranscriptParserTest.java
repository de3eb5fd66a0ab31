package io.github.emotion4j.text.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.TimeSpan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptParserTest {

    static final String SRT = "\uFEFF1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>I can't believe</i>\r\nwe <b>won</b>!\r\n\r\n"
            + "2\r\n00:00:04,250 --> 00:00:06,000 X1:40 X2:600 Y1:20 Y2:50\r\n{\\an8}This is terrible &amp; sad.\r\n\r\n\r\n";

    static final String VTT = "WEBVTT - interview\n\nNOTE this is a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\n"
            + "intro\n00:01.000 --> 00:02.500 align:start position:10%\n<v Roger>Hello <c.loud>there</c></v>\n\n"
            + "01:00:00.000 --> 01:00:01.000\nan <00:00:00.500>hour later\n";

    @Test
    void readsSrtWithBomCrlfTagsAndSettings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("talk.srt");
        Files.writeString(f, SRT, StandardCharsets.UTF_8);
        Transcript t = TranscriptParser.read(f);
        assertEquals("srt", t.format());
        assertTrue(t.timed());
        assertEquals(2, t.cues().size());
        assertEquals("I can't believe we won!", t.cues().get(0).text());
        assertEquals(new TimeSpan(1.0, 3.5), t.cues().get(0).span().orElseThrow());
        assertEquals("This is terrible & sad.", t.cues().get(1).text());
        assertEquals(new TimeSpan(4.25, 6.0), t.cues().get(1).span().orElseThrow());
        assertEquals(2, t.cues().get(1).index());
        assertTrue(t.warnings().isEmpty());
    }

    @Test
    void readsWebVttSkippingNotesAndStyles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("talk.vtt");
        Files.writeString(f, VTT, StandardCharsets.UTF_8);
        Transcript t = TranscriptParser.read(f);
        assertEquals("vtt", t.format());
        assertEquals(2, t.cues().size());
        assertEquals("Hello there", t.cues().get(0).text());
        assertEquals(new TimeSpan(1.0, 2.5), t.cues().get(0).span().orElseThrow());
        assertEquals("an hour later", t.cues().get(1).text());
        assertEquals(3600.0, t.cues().get(1).span().orElseThrow().start(), 1e-9);
    }

    @Test
    void guessesTheFormatOfAString() throws Exception {
        assertEquals("vtt", TranscriptParser.parse(VTT, "s").format());
        assertEquals("srt", TranscriptParser.parse(SRT, "s").format());
        Transcript plain = TranscriptParser.parse("Just a sentence --> with an arrow later.", "s");
        assertEquals("text", plain.format());
        assertFalse(plain.timed());
        assertEquals(1, plain.cues().size());
    }

    @Test
    void badTimestampNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.srt");
        Files.writeString(f, "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:0x,000 --> 00:00:03,000\nbroken\n");
        TranscriptFormatException e = assertThrows(TranscriptFormatException.class, () -> TranscriptParser.read(f));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("bad.srt"), e.getMessage());
        assertTrue(e.getMessage().contains("line 6"), e.getMessage());
        assertTrue(e.getMessage().contains("00:00:0x,000"), e.getMessage());
    }

    @Test
    void rejectsSixtyMinutesEndBeforeStartAndMissingTiming() {
        assertThrows(TranscriptFormatException.class,
                () -> TranscriptParser.parseSrt("1\n00:61:00,000 --> 00:62:00,000\nx\n", "a.srt"));
        TranscriptFormatException back = assertThrows(TranscriptFormatException.class,
                () -> TranscriptParser.parseSrt("1\n00:00:05,000 --> 00:00:01,000\nx\n", "a.srt"));
        assertEquals(2, back.line());
        TranscriptFormatException noTiming = assertThrows(TranscriptFormatException.class,
                () -> TranscriptParser.parseSrt("1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\njust text\n", "a.srt"));
        assertEquals(5, noTiming.line());
        assertThrows(TranscriptFormatException.class, () -> TranscriptParser.parseVtt("not a header\n", "a.vtt"));
        assertThrows(TranscriptFormatException.class,
                () -> TranscriptParser.parseSrt("1\n99999999999999999999:00:00,000 --> 00:00:01,000\nx\n", "a.srt"));
    }

    @Test
    void invalidUtf8IsReplacedWithAWarning(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bytes.srt");
        byte[] head = "1\n00:00:01,000 --> 00:00:02,000\nbad ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        bytes[head.length + 2] = (byte) 0xFF;
        Files.write(f, bytes);
        Transcript t = TranscriptParser.read(f);
        assertEquals(1, t.cues().size());
        assertTrue(t.cues().get(0).text().contains("\uFFFD"));
        assertEquals(1, t.warnings().size());
        assertTrue(t.warnings().get(0).contains("not valid UTF-8"));
    }

    @Test
    void missingFileIsAMediaDecodeException(@TempDir Path dir) {
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> TranscriptParser.read(dir.resolve("nope.vtt")));
        assertTrue(e.getMessage().contains("nope.vtt"));
    }

    @Test
    void emptySubtitleFileHasNoCues() throws Exception {
        assertEquals(0, TranscriptParser.parseVtt("WEBVTT\n\n", "e.vtt").cues().size());
        assertEquals(0, TranscriptParser.parseSrt("", "e.srt").cues().size());
    }
}
