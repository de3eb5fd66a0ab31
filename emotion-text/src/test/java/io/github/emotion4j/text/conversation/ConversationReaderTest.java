package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.Utterance;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationReaderTest {
    private static final ConversationReader R = ConversationReader.defaults();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private ConversationFormatException fails(String name, String content) throws IOException {
        Path f = write(name, content);
        return assertThrows(ConversationFormatException.class, () -> R.read(f));
    }

    @Test
    void tsvWithManyDialoguesAndColumnsInAnyOrder() throws IOException {
        Path f = write("d.tsv", "text\tlabel\tspeaker\tturn\tdialogue\textra\n"
                + "\"Wanted.\" Nice!\tjoy\tPhoebe\t0\tm-0\tx\n"
                + "What?\tsurprise\tMonica\t1\tm-0\tx\n"
                + "Or!\tneutral\tRoss\t0\tm-1\tx\n"
                + "You're a genius!\tjoy\t\t1\tm-1\tx\n");
        List<Conversation> cs = R.read(f);
        assertEquals(List.of("m-0", "m-1"), cs.stream().map(Conversation::id).toList());
        Utterance first = cs.get(0).utterances().get(0);
        assertEquals("\"Wanted.\" Nice!", first.text());
        assertEquals("Phoebe", first.speaker());
        assertEquals(Optional.of(Emotion.HAPPINESS), first.label());
        assertEquals(2, first.line());
        assertEquals(Conversation.UNKNOWN_SPEAKER, cs.get(1).utterances().get(1).speaker());
        assertEquals(5, cs.get(1).utterances().get(1).line());
        assertTrue(cs.get(0).labelled());
    }

    @Test
    void csvWithQuotesTimesAndNoDialogueColumn() throws IOException {
        Path f = write("call.csv", "speaker,start,end,text\n"
                + "Ann,0.5,1.25,\"Hi, Bob\"\n"
                + "Bob,00:00:01.500,00:00:03.000,\"Two\nlines\"\n"
                + "Ann,3.5,4,Bye\n");
        List<Conversation> cs = R.read(f);
        assertEquals(1, cs.size());
        Conversation c = cs.get(0);
        assertEquals("call", c.id());
        assertEquals("Hi, Bob", c.utterances().get(0).text());
        assertEquals(Optional.of(new TimeSpan(1.5, 3.0)), c.utterances().get(1).span());
        assertEquals(List.of(0, 1, 2), c.utterances().stream().map(Utterance::turn).toList());
        assertEquals(5, c.utterances().get(2).line(), "a quoted field over two lines moves the next row's line");
    }

    @Test
    void badTables() throws IOException {
        ConversationFormatException e = fails("a.tsv", "dialogue\tturn\tspeaker\tlabel\n d\t0\tA\tjoy\n");
        assertTrue(e.getMessage().contains("missing required column 'text'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.tsv") && e.getMessage().contains("line 1"), e.getMessage());

        e = fails("b.tsv", "dialogue\tturn\tspeaker\tlabel\ttext\nd\t0\tA\tjoy\thi\nd\t1\tB\tbliss\tho\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("label 'bliss' is not in the label set"), e.getMessage());

        e = fails("c.tsv", "dialogue\tturn\tspeaker\ttext\nd\t0\tA\thi\nd\t1\tB\tho\nd\t0\tA\tagain\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("duplicate turn 0 in dialogue 'd' (first on line 2)"), e.getMessage());

        e = fails("d.tsv", "turn\ttext\nseven\thi\n");
        assertTrue(e.getMessage().contains("line 2: turn 'seven' is not a whole number"), e.getMessage());
        e = fails("e.tsv", "text\tstart\tend\nhi\t1.0\t\n");
        assertTrue(e.getMessage().contains("both start and end"), e.getMessage());
        e = fails("f.tsv", "text\tstart\tend\nhi\t2.0\t1.0\n");
        assertTrue(e.getMessage().contains("ends (1.0) before it starts (2.0)"), e.getMessage());
        e = fails("g.tsv", "text\tstart\tend\nhi\tsoon\t1.0\n");
        assertTrue(e.getMessage().contains("time 'soon'"), e.getMessage());
        e = fails("h.tsv", "");
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        e = fails("i.tsv", "text\tspeaker\nhi\n");
        assertTrue(e.getMessage().contains("line 2: row has 1 fields but the header has 2"), e.getMessage());
        e = fails("j.tsv", "text\tlabel\tEmotion\nhi\tjoy\tjoy\n");
        assertTrue(e.getMessage().contains("column 'label' appears twice"), e.getMessage());
    }

    @Test
    void blankLinesAreSkippedAndLinesStayRight() throws IOException {
        ConversationFormatException e = fails("blank.tsv", "text\tlabel\n\nhi\tjoy\n\n\nho\tbliss\n");
        assertEquals(6, e.line());
        List<Conversation> cs = R.read(write("blank.csv", "text,label\n\nhi,joy\n\nho,anger\n"));
        assertEquals(List.of(3, 5), cs.get(0).utterances().stream().map(Utterance::line).toList());
    }

    @Test
    void headerOnlyIsNoDialogueAndTurnsMayBeOneOrMany() throws IOException {
        assertEquals(List.of(), R.read(write("empty.tsv", "dialogue\tturn\tspeaker\ttext\n")));
        List<Conversation> one = R.read(write("one.tsv", "dialogue\tturn\tspeaker\ttext\nd\t0\tA\tHi.\n"));
        assertEquals(1, one.get(0).size());
    }

    @Test
    void labelSets() throws IOException {
        Path f = write("emory.tsv", "dialogue\tturn\tspeaker\tlabel\ttext\n"
                + "e\t1\tA\tjoyful\ta\ne\t2\tB\tmad\tb\ne\t3\tA\tpeaceful\tc\ne\t4\tB\tpowerful\td\ne\t5\tA\tscared\te\n");
        List<Emotion> labels = R.read(f).get(0).utterances().stream().map(u -> u.label().orElseThrow()).toList();
        assertEquals(List.of(Emotion.HAPPINESS, Emotion.ANGER, Emotion.NEUTRAL, Emotion.HAPPINESS, Emotion.FEAR), labels);
        assertEquals(labels, R.withLabels(LabelSet.EMORYNLP_7).read(f).get(0).utterances().stream()
                .map(u -> u.label().orElseThrow()).toList());
        ConversationFormatException e = assertThrows(ConversationFormatException.class,
                () -> R.withLabels(LabelSet.MELD_7).read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("label 'joyful' is not in the label set MELD_7"), e.getMessage());
    }

    @Test
    void turnLimitIsEnforcedAndTenThousandTurnsRead() throws IOException {
        StringBuilder sb = new StringBuilder("dialogue\tturn\tspeaker\ttext\n");
        for (int i = 0; i < Conversation.MAX_TURNS; i++) {
            sb.append("long\t").append(i).append('\t').append(i % 2 == 0 ? "A" : "B").append("\tturn ").append(i).append('\n');
        }
        Path f = write("long.tsv", sb.toString());
        assertEquals(Conversation.MAX_TURNS, R.read(f).get(0).size());
        Path over = write("over.tsv", sb + "long\t10000\tA\tone more\n");
        ConversationFormatException e = assertThrows(ConversationFormatException.class, () -> R.read(over));
        assertEquals(Conversation.MAX_TURNS + 2, e.line());
        assertTrue(e.getMessage().contains("more than 10000 turns"), e.getMessage());
        assertEquals(Conversation.MAX_TURNS + 1, R.withMaxTurns(20_000).read(over).get(0).size());
        assertThrows(ConversationFormatException.class, () -> R.withMaxTurns(2).read(write("three.tsv",
                "text\na\nb\nc\n")));
    }

    @Test
    void webVttVoiceTags() throws IOException {
        Path f = write("talk.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ann>Hello <i>there</i></v>\n\n"
                + "2\n00:00:03.000 --> 00:00:04.000\n<v.loud Bob Smith>Hi!\n<v Ann>How are you?\n\n"
                + "00:00:05.000 --> 00:00:06.000\nnobody's line\n");
        Conversation c = R.read(f).get(0);
        assertEquals("talk", c.id());
        assertEquals(List.of("Ann", "Bob Smith", "Ann", Conversation.UNKNOWN_SPEAKER),
                c.utterances().stream().map(Utterance::speaker).toList());
        assertEquals(List.of("Hello there", "Hi!", "How are you?", "nobody's line"),
                c.utterances().stream().map(Utterance::text).toList());
        assertEquals(Optional.of(new TimeSpan(3.0, 4.0)), c.utterances().get(2).span());
        assertEquals(List.of(0, 1, 2, 3), c.utterances().stream().map(Utterance::turn).toList());
        ConversationFormatException e = fails("bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:x\n<v Ann>Hello\n");
        assertTrue(e.getMessage().contains("bad.vtt") && e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void srtNamePrefixes() throws IOException {
        Path f = write("talk.srt", "1\n00:00:01,000 --> 00:00:02,000\nANN: Hello!\n\n"
                + "2\n00:00:02,500 --> 00:00:04,000\n- BOB: Hi.\n- ANN: Well then.\n\n"
                + "3\n00:00:04,000 --> 00:00:05,000\nat 5:30 we meet\n");
        Conversation c = R.read(f).get(0);
        assertEquals(List.of("ANN", "BOB", "ANN", Conversation.UNKNOWN_SPEAKER),
                c.utterances().stream().map(Utterance::speaker).toList());
        assertEquals(List.of("Hello!", "Hi.", "Well then.", "at 5:30 we meet"),
                c.utterances().stream().map(Utterance::text).toList());
        assertEquals(Optional.of(new TimeSpan(2.5, 4.0)), c.utterances().get(1).span());
    }

    @Test
    void emptyTranscriptIsAnEmptyConversation() throws IOException {
        Conversation c = R.read(write("none.vtt", "WEBVTT\n\n")).get(0);
        assertTrue(c.isEmpty());
    }

    @Test
    void jsonShapes() throws IOException {
        Path many = write("many.json", "{\"conversations\": [\n"
                + " {\"id\": \"a\", \"utterances\": [\n"
                + "   {\"speaker\": \"Ann\", \"text\": \"Hi\", \"label\": \"joy\", \"start\": 0, \"end\": 1.5},\n"
                + "   {\"speaker\": \"Bob\", \"text\": \"Yo\", \"turn\": 5}]},\n"
                + " {\"id\": \"b\", \"utterances\": []}\n]}\n");
        List<Conversation> cs = R.read(many);
        assertEquals(List.of("a", "b"), cs.stream().map(Conversation::id).toList());
        assertEquals(Optional.of(new TimeSpan(0, 1.5)), cs.get(0).utterances().get(0).span());
        assertEquals(5, cs.get(0).utterances().get(1).turn());
        assertEquals(4, cs.get(0).utterances().get(1).line());
        assertTrue(cs.get(1).isEmpty());
        Conversation one = R.read(write("one.json", "{\"id\": \"x\", \"utterances\": [{\"text\": \"alone\"}]}")).get(0);
        assertEquals("x", one.id());
        assertEquals(Conversation.UNKNOWN_SPEAKER, one.utterances().get(0).speaker());
        List<Conversation> arr = R.read(write("arr.json", "[{\"speaker\": \"A\", \"text\": \"a\"}, {\"speaker\": \"B\", \"text\": \"b\"}]"));
        assertEquals("arr", arr.get(0).id());
        assertEquals(2, arr.get(0).size());
    }

    @Test
    void jsonIdMayFollowTheUtterances() throws IOException {
        List<Conversation> cs = R.read(write("late.json", "{\"conversations\": [{\"utterances\": [{\"text\": \"a\"}], \"id\": \"late\"},"
                + " {\"utterances\": [{\"text\": \"b\"}]}]}"));
        assertEquals("late", cs.get(0).id());
        assertEquals("late#1", cs.get(1).id(), "without id: the file name and the line of the object");
        assertEquals("x", R.read(write("top.json", "{\"utterances\": [{\"text\": \"a\"}], \"id\": \"x\"}")).get(0).id());
    }

    @Test
    void badJson() throws IOException {
        ConversationFormatException e = fails("l.json", "[\n{\"text\": \"a\", \"label\": \"joy\"},\n{\"text\": \"b\", \"label\": \"meh\"}\n]");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("label 'meh'"), e.getMessage());
        e = fails("m.json", "[\n{\"text\": \"a\"\n\"x\": 1}]");
        assertTrue(e.getMessage().contains("malformed JSON") && e.line() == 3, e.getMessage());
        e = fails("n.json", "{\"foo\": 1}");
        assertTrue(e.getMessage().contains("expected \"conversations\" or \"utterances\""), e.getMessage());
        e = fails("o.json", "[{\"speaker\": \"A\"}]");
        assertTrue(e.getMessage().contains("utterance without \"text\""), e.getMessage());
        e = fails("p.json", "[{\"text\": \"a\", \"turn\": 1}, {\"text\": \"b\", \"turn\": 1}]");
        assertTrue(e.getMessage().contains("duplicate turn 1"), e.getMessage());
        e = fails("q.json", "\"just a string\"");
        assertTrue(e.getMessage().contains("expected a JSON object or array"), e.getMessage());
    }

    @Test
    void invalidUtf8IsReadWithAWarning() throws IOException {
        byte[] bytes = "text\nbad \u00e9 byte\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("latin1.tsv"), bytes);
        Conversation c = R.read(f).get(0);
        assertTrue(c.utterances().get(0).text().contains("\uFFFD"));
        assertTrue(c.warnings().get(0).contains("not valid UTF-8"), c.warnings().toString());
    }

    @Test
    void missingAndUnknownFiles() throws IOException {
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> R.read(dir.resolve("absent.tsv")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path txt = write("notes.txt", "hi");
        e = assertThrows(MediaDecodeException.class, () -> R.read(txt));
        assertTrue(e.getMessage().contains("not a conversation file"), e.getMessage());
    }
}
