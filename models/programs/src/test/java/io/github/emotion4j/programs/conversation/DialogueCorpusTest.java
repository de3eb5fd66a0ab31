package io.github.emotion4j.programs.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus reader on a small written file, and on the shared MELD split when it is there. */
class DialogueCorpusTest {

    @Test
    void readsTurnsInOrderWithSpeakersNumberedPerDialogue(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("x.tsv");
        Files.writeString(tsv, "dialogue\tturn\tspeaker\tlabel\ttext\n"
                + "d1\t1\tRoss\tjoy\tsecond \"quoted\"\n"
                + "d1\t0\tRachel\tneutral\tfirst\n"
                + "d1\t2\t\tanger\tthird, no speaker\n"
                + "d2\t0\tRoss\tfear\tother dialogue\n");
        DialogueCorpus c = DialogueCorpus.read(tsv, "t/x", DialogueCorpus.MELD_LABELS);
        assertEquals(2, c.dialogues().size());
        DialogueCorpus.Dialogue d = c.dialogues().get(0);
        assertEquals(List.of("first", "second \"quoted\"", "third, no speaker"), d.texts());
        assertEquals(0, d.speakers()[0]);
        assertEquals(1, d.speakers()[1]);
        assertEquals(2, d.speakers()[2]);
        assertEquals(DialogueCorpus.MELD_LABELS.indexOf("anger"), d.labels()[2]);
        assertEquals(0, c.dialogues().get(1).speakers()[0]);
    }

    @Test
    void unknownLabelNamesTheLine(@TempDir Path dir) throws IOException {
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, "dialogue\tturn\tspeaker\tlabel\ttext\nd1\t0\tA\tneutral\tok\nd1\t1\tB\tgrumpy\tno\n");
        IOException e = assertThrows(IOException.class, () -> DialogueCorpus.read(tsv, "t/bad", DialogueCorpus.MELD_LABELS));
        assertTrue(e.getMessage().contains(":3:") && e.getMessage().contains("grumpy"), e.getMessage());
    }

    @Test
    void sharedMeldDevHasItsPublishedSize() throws IOException {
        Assumptions.assumeTrue(TestData.sharedData().isPresent());
        Path tsv = TestData.sharedData().get().resolve("conversation/meld/dev.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(tsv));
        DialogueCorpus c = DialogueCorpus.read(tsv, "meld/dev", DialogueCorpus.MELD_LABELS);
        assertEquals(1109, c.utterances());
        assertEquals(114, c.dialogues().size());
    }
}
