package io.github.emotion4j.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.conversation.Utterance;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationWritersTest {
    private static EmotionDistribution peaked(Emotion e) {
        double[] p = new double[7];
        for (int i = 0; i < 7; i++) {
            p[i] = Emotion.CANONICAL.get(i) == e ? 0.7 : 0.05;
        }
        return new EmotionDistribution(Emotion.CANONICAL, p);
    }

    /** Ann hap, Bob hap, Ann hap (0-1 s), Bob: nothing to judge. */
    static ConversationResult result() {
        Conversation c = Conversation.builder("d").say("Ann", "yay", Emotion.HAPPINESS).say("Bob", "yes")
                .say("Ann", "more", 0, 1).say("Bob", "").build();
        List<UtteranceResult> rs = new ArrayList<>();
        List<Emotion> e = List.of(Emotion.HAPPINESS, Emotion.HAPPINESS, Emotion.HAPPINESS);
        for (int i = 0; i < 4; i++) {
            Utterance u = c.utterances().get(i);
            Optional<EmotionDistribution> d = i < 3 ? Optional.of(peaked(e.get(i))) : Optional.empty();
            rs.add(new UtteranceResult(u, d.map(x -> Map.of(Modality.TEXT, x)).orElse(Map.of()), d, d,
                    i < 3 ? List.of() : List.of("empty text: nothing to judge")));
        }
        ConversationStats s = ConversationStats.of(List.of("Ann", "Bob", "Ann", "Bob"),
                java.util.Arrays.asList(Emotion.HAPPINESS, Emotion.HAPPINESS, Emotion.HAPPINESS, null));
        return new ConversationResult("d", rs, Optional.empty(), s, Optional.empty(),
                List.of("no context model: the with-context distributions equal the no-context ones"), List.of());
    }

    @Test
    void jsonHasTheDocumentedFields(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("out/c.json");
        ConversationJson.write(result(), "d.tsv", f);
        JsonNode j = PredictionJson.read(f);
        assertEquals(ConversationJson.SCHEMA, j.get("schema").asText());
        assertEquals("d.tsv", j.get("input").asText());
        assertTrue(j.get("contextModel").isNull());
        JsonNode u0 = j.get("utterances").get(0);
        assertEquals("Ann", u0.get("speaker").asText());
        assertEquals("happiness", u0.get("label").asText());
        assertEquals(0.7, u0.get("withContext").get("happiness").asDouble(), 1e-9);
        assertEquals(PredictionJson.LABELS.size(), u0.get("withContext").size());
        assertEquals("happiness", u0.get("top").get("label").asText());
        assertTrue(u0.get("start").isNull());
        assertEquals(1.0, j.get("utterances").get(2).get("end").asDouble());
        JsonNode u3 = j.get("utterances").get(3);
        assertTrue(u3.get("withContext").isNull() && u3.get("top").isNull());
        assertEquals("empty text: nothing to judge", u3.get("warnings").get(0).asText());
        assertEquals(2, j.get("speakers").get("Ann").get("timeline").size());
        assertTrue(j.get("speakers").get("Bob").get("timeline").get(1).get("label").isNull());
        JsonNode ann = j.get("stats").get("inertia").get(0);
        assertEquals("Ann", ann.get("speaker").asText());
        assertEquals(1, ann.get("n").asInt());
        assertEquals(1.0, ann.get("rate").asDouble());
        assertTrue(ann.get("strength").isNull(), "one emotion only: strength undefined");
        JsonNode ab = j.get("stats").get("contagion").get(0);
        assertEquals("Ann", ab.get("speaker").asText());
        assertEquals("Bob", ab.get("listener").asText());
        assertEquals("happiness", ab.get("transitions").get(0).get("from").asText());
        assertEquals(1, ab.get("transitions").get(0).get("count").asInt());
        assertEquals(2, j.get("stats").get("overallContagion").get("n").asInt());
        assertTrue(j.get("goldStats").isNull());
        assertEquals(1, j.get("warnings").size());
        assertEquals("emotion4j", j.get("provenance").get("library").asText());
    }

    @Test
    void textSummary() {
        String s = ConversationText.summary(result());
        assertTrue(s.startsWith("conversation d: 4 turns, 2 speakers (Ann, Bob); context model: none"), s);
        assertTrue(s.contains("happiness 0.70"), s);
        assertTrue(s.contains("Ann: happiness@0 -> happiness@2"), s);
        assertTrue(s.contains("Bob: happiness@1 -> ?@3"), s);
        assertTrue(s.contains("Ann -> Bob: 1/1 kept (1.00), strength n/a; most often happiness -> happiness (1, P=1.00)"), s);
        assertTrue(s.contains("warnings:\n  no context model"), s);
    }

    @Test
    void emptyConversation() throws Exception {
        ConversationResult r = new ConversationResult("none", List.of(), Optional.empty(),
                ConversationStats.of(List.of(), List.of()), Optional.empty(), List.of("empty conversation: nothing to judge"),
                List.of());
        JsonNode j = PredictionJson.mapper().readTree(ConversationJson.toJson(r, "x"));
        assertEquals(0, j.get("utterances").size());
        assertTrue(j.get("stats").get("overallInertia").get("rate").isNull());
        assertTrue(ConversationText.summary(r).contains("empty conversation"));
    }
}
