package io.github.emotion4j.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationTest {
    @Test
    void fluentBuilder() {
        Conversation c = Conversation.builder("d1").say("Ann", "Hi").say("Bob", "Hello", 1.2, 2.0)
                .say(null, "who?").say("  ", "me", Emotion.SURPRISE).build();
        assertEquals("d1", c.id());
        assertEquals(4, c.size());
        assertEquals(java.util.List.of("Ann", "Bob", Conversation.UNKNOWN_SPEAKER), c.speakers());
        assertEquals(Optional.of(new TimeSpan(1.2, 2.0)), c.utterances().get(1).span());
        assertEquals(3, c.utterances().get(3).turn());
        assertEquals(Optional.of(Emotion.SURPRISE), c.utterances().get(3).label());
        assertTrue(c.timed());
        assertFalse(c.labelled());
    }

    @Test
    void duplicateTurnsAndTheTurnLimitAreRefused() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Conversation.builder("x")
                .add(Utterance.of(3, "A", "a")).add(Utterance.of(3, "B", "b")).build());
        assertTrue(dup.getMessage().contains("turn 3 appears twice"), dup.getMessage());
        Conversation.Builder b = Conversation.builder("long").maxTurns(3);
        for (int i = 0; i < 4; i++) {
            b.say("A", "t" + i);
        }
        IllegalArgumentException over = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(over.getMessage().contains("more than the limit of 3"), over.getMessage());
        assertThrows(IllegalStateException.class, () -> Conversation.builder().maxTurns(2).maxTurns(3));
        assertThrows(IllegalArgumentException.class, () -> Conversation.builder().maxTurns(0));
        assertThrows(IllegalArgumentException.class, () -> Conversation.builder().say("A", "x", 2.0, 1.0));
    }

    @Test
    void emptyConversationIsAllowed() {
        Conversation c = Conversation.builder().build();
        assertTrue(c.isEmpty());
        assertFalse(c.labelled());
        assertTrue(c.speakers().isEmpty());
    }

    @Test
    void mediaInputCarriesTheConversationAndItsMedia() {
        Conversation c = Conversation.builder("call").say("A", "Hi", 0, 1).build();
        MediaInput in = MediaInput.ofConversation(c);
        assertEquals(MediaKind.TEXT, in.kind());
        assertTrue(in.hasText());
        assertEquals(Optional.of(c), in.conversation());
        assertTrue(in.file().isEmpty());
        MediaInput withMedia = in.withMedia(Path.of("call.mp4"));
        assertEquals(MediaKind.VIDEO, withMedia.kind());
        assertEquals(Optional.of(Path.of("call.mp4")), withMedia.file());
        assertEquals(Optional.of(c), withMedia.conversation());
        assertEquals("call.mp4", withMedia.describe());
        assertEquals("conversation call (1 turns)", in.describe());
        assertThrows(IllegalStateException.class, () -> MediaInput.ofText("x").withMedia(Path.of("a.wav")));
        assertThrows(IllegalArgumentException.class, () -> in.withMedia(Path.of("a.srt")));
        assertTrue(MediaInput.ofText("x").conversation().isEmpty());
    }
}
