package io.github.emotion4j.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dialogue corpora's label words and the documented EmoryNLP folding. */
class ConversationLabelSetsTest {
    @Test
    void meldMapsOntoTheCanonicalSeven() {
        assertEquals(List.of(Emotion.NEUTRAL, Emotion.HAPPINESS, Emotion.SURPRISE, Emotion.ANGER, Emotion.SADNESS,
                Emotion.DISGUST, Emotion.FEAR), LabelSet.MELD_7.mapping());
        assertEquals(LabelSet.MELD_7, LabelSet.named("meld-7").orElseThrow());
    }

    @Test
    void emoryNlpFoldsPeacefulAndPowerful() {
        LabelSet s = LabelSet.EMORYNLP_7;
        assertEquals(List.of(Emotion.HAPPINESS, Emotion.ANGER, Emotion.NEUTRAL, Emotion.NEUTRAL, Emotion.HAPPINESS,
                Emotion.SADNESS, Emotion.FEAR), s.mapping());
        assertEquals(List.of(Emotion.ANGER, Emotion.FEAR, Emotion.HAPPINESS, Emotion.SADNESS, Emotion.NEUTRAL), s.emotions());
        assertEquals(LabelSet.EMORYNLP_7, LabelSet.named("EmoryNLP_7").orElseThrow());
    }
}
