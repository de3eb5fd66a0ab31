package io.github.emotion4j.text.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conversations through the bundled MiniLM models; MELD dev when ../shared/data is there. */
class ConversationDefaultModelsTest {
    private static EmotionRecognizer recognizer;

    @BeforeAll
    static void load() throws Exception {
        recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT).build();
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @Test
    void realTextModelsReadEachTurn() throws Exception {
        Conversation c = Conversation.builder("demo")
                .say("Ann", "I am so happy you came, this is wonderful!")
                .say("Bob", "I hate this, you always ruin everything.")
                .say("Ann", "Je suis tellement triste aujourd'hui, vraiment.")
                .build();
        ConversationResult r = ConversationAnalyzer.builder(recognizer).build().analyze(c);
        assertEquals(Emotion.HAPPINESS, r.utterances().get(0).predicted().orElseThrow());
        assertEquals(Emotion.ANGER, r.utterances().get(1).predicted().orElseThrow());
        assertTrue(r.models().stream().anyMatch(m -> m.id().equals("text-goemotions-ekman")), r.models().toString());
    }

    @Test
    void mixedLanguagesGetTheNonEnglishWarning() throws Exception {
        Conversation c = Conversation.builder("fr")
                .say("Ann", "Je suis tellement triste aujourd'hui, vraiment, je ne sais pas quoi faire.")
                .say("Bob", "Ne t'inquiète pas, nous allons trouver une solution ensemble demain matin.")
                .say("Ann", "Okay.")
                .build();
        ConversationResult r = ConversationAnalyzer.builder(recognizer).build().analyze(c);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("does not look English")), r.warnings().toString());
    }

    @Test
    void aForeignTurnAmongEnglishOnesIsFlaggedOnItsOwn() throws Exception {
        Conversation c = Conversation.builder("mixed")
                .say("Ann", "I am so happy you came to the party with all of us tonight!")
                .say("Bob", "Je suis tellement triste aujourd'hui, je ne sais pas quoi faire.")
                .say("Ann", "Oh no, what happened to you? Tell me everything about it.")
                .say("Bob", "Okay.")
                .build();
        ConversationResult r = ConversationAnalyzer.builder(recognizer).build().analyze(c);
        assertTrue(r.warnings().contains("1 of 4 turns do not look English (the first: turn 1); their results are unreliable"),
                r.warnings().toString());
        assertTrue(r.utterances().get(1).warnings().stream().anyMatch(w -> w.startsWith("this turn does not look English")),
                r.utterances().get(1).warnings().toString());
        assertTrue(r.utterances().get(0).warnings().isEmpty(), r.utterances().get(0).warnings().toString());
        assertTrue(r.utterances().get(3).warnings().isEmpty(), "too short to judge");
    }

    @Test
    void recognizerReadsAConversationInputAsATimedTranscript() throws Exception {
        Conversation c = Conversation.builder("timed").say("Ann", "What a lovely surprise!", 0.5, 2.0)
                .say("Bob", "I am furious about this.", 2.5, 4.0).say("Ann", "untimed aside").build();
        EmotionPrediction p = recognizer.predict(MediaInput.ofConversation(c));
        List<Segment> segs = p.modality(Modality.TEXT).orElseThrow().segments();
        assertEquals(2, segs.size(), "one segment per timed utterance");
        assertEquals(0.5, segs.get(0).span().start());
        assertEquals(3, p.modality(Modality.TEXT).orElseThrow().embeddings().size());
    }

    @Test
    void meldDevOptIn() throws Exception {
        Optional<Path> shared = TestData.sharedData();
        assumeTrue(shared.isPresent(), "../shared/data absent");
        Path meld = shared.get().resolve("conversation/meld/dev.tsv");
        assumeTrue(Files.isRegularFile(meld), "MELD dev absent");
        List<Conversation> cs = ConversationReader.defaults().read(meld);
        assertEquals(114, cs.size());
        assertEquals(1109, cs.stream().mapToInt(Conversation::size).sum());
        assertTrue(cs.stream().allMatch(Conversation::labelled));
        ConversationAnalyzer a = ConversationAnalyzer.builder(recognizer).build();
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        ConversationStats.Accumulator gold = ConversationStats.accumulator();
        for (Conversation c : cs) {
            ConversationResult r = a.analyze(c);
            gold.add(r.utterances().stream().map(u -> u.speaker()).toList(),
                    c.utterances().stream().map(u -> u.label().orElseThrow()).toList());
            r.utterances().forEach(u -> {
                truth.add(Emotion.CANONICAL.indexOf(u.utterance().label().orElseThrow()));
                pred.add(Emotion.CANONICAL.indexOf(u.predicted().orElse(Emotion.NEUTRAL)));
            });
        }
        ClassificationReport rep = ClassificationReport.of(Emotion.CANONICAL.stream().map(Emotion::word).toList(),
                truth.stream().mapToInt(Integer::intValue).toArray(), pred.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(1109, rep.n());
        // far above a constant guess (neutral alone: weighted-F1 about 0.25)
        assertTrue(rep.weightedF1() > 0.35, rep.toText());
        // gold emotions persist within a speaker more than by chance
        assertTrue(gold.build().overallInertia().strength() > 0, "gold inertia");
    }
}
