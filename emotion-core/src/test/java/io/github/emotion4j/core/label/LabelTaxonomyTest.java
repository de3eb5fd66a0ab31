package io.github.emotion4j.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelTaxonomyTest {

    @ParameterizedTest
    @CsvSource({"angry,ANGER", "Anger,ANGER", "happy,HAPPINESS", "joy,HAPPINESS", " SAD ,SADNESS",
            "fearful,FEAR", "afraid,FEAR", "disgusted,DISGUST", "surprised,SURPRISE", "calm,NEUTRAL",
            "neu,NEUTRAL", "contempt,CONTEMPT", "bored,BOREDOM", "unknown,OTHER", "fear-ful,FEAR"})
    void parsesSynonyms(String word, Emotion expected) {
        assertEquals(expected, EmotionLabels.parse(word));
    }

    @Test
    void rejectsUnknownWordsWithTheAcceptedList() {
        UnknownLabelException e = assertThrows(UnknownLabelException.class, () -> EmotionLabels.parse("hangry"));
        assertEquals("hangry", e.word());
        assertTrue(e.getMessage().contains("hangry") && e.getMessage().contains("happy"), e.getMessage());
        assertTrue(EmotionLabels.find("hangry").isEmpty());
    }

    @Test
    void namedSetsMapToCanonical() {
        assertEquals(List.of(Emotion.NEUTRAL, Emotion.HAPPINESS, Emotion.SADNESS, Emotion.ANGER, Emotion.FEAR,
                Emotion.DISGUST, Emotion.SURPRISE), LabelSet.FACE_API.mapping());
        assertEquals(Emotion.CONTEMPT, LabelSet.CK_PLUS.emotionAt(2));
        assertEquals(Emotion.BOREDOM, LabelSet.EMODB_7.emotionAt(1));
        assertEquals(Emotion.OTHER, LabelSet.EMOTION2VEC_9.emotionAt(8));
        assertEquals(8, LabelSet.AFFECTNET_8.size());
        assertEquals(List.of("neutral", "happy", "angry", "sad"), LabelSet.IEMOCAP_4.labels());
        assertEquals(Emotion.HAPPINESS, LabelSet.GOEMOTIONS_EKMAN.emotionAt(3));
        assertEquals(LabelSet.FER2013, LabelSet.named("fer2013").orElseThrow());
        assertTrue(LabelSet.named("nope").isEmpty());
    }

    @Test
    void goEmotionsFoldsIntoEkmanGroups() {
        LabelSet g = LabelSet.GOEMOTIONS_28;
        assertEquals(28, g.size());
        assertEquals(Emotion.ANGER, g.emotionAt(g.indexOf("annoyance")));
        assertEquals(Emotion.ANGER, g.emotionAt(g.indexOf("disapproval")));
        assertEquals(Emotion.FEAR, g.emotionAt(g.indexOf("nervousness")));
        assertEquals(Emotion.HAPPINESS, g.emotionAt(g.indexOf("admiration")));
        assertEquals(Emotion.SADNESS, g.emotionAt(g.indexOf("embarrassment")));
        assertEquals(Emotion.SURPRISE, g.emotionAt(g.indexOf("curiosity")));
        assertEquals(Emotion.NEUTRAL, g.emotionAt(27));
        assertEquals(Emotion.CANONICAL, g.emotions());

        double[] p = new double[28];
        p[g.indexOf("joy")] = 0.3;
        p[g.indexOf("love")] = 0.3;
        p[g.indexOf("anger")] = 0.4;
        EmotionDistribution d = g.toDistribution(p);
        assertEquals(0.6, d.probability(Emotion.HAPPINESS), 1e-12);
        assertEquals(Emotion.HAPPINESS, d.top().label());
    }

    @Test
    void toDistributionChecksLength() {
        assertThrows(IllegalArgumentException.class, () -> LabelSet.FER2013.toDistribution(new double[3]));
    }

    @Test
    void customSetsParseOrTakeAMapping() {
        LabelSet s = LabelSet.custom("mine", List.of("Happy", "grumpy"), java.util.Map.of("grumpy", Emotion.ANGER));
        assertEquals(List.of(Emotion.HAPPINESS, Emotion.ANGER), s.mapping());
        assertThrows(UnknownLabelException.class, () -> LabelSet.custom("mine", List.of("grumpy")));
    }
}
