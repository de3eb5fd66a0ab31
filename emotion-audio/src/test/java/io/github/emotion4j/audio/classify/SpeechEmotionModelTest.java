package io.github.emotion4j.audio.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechEmotionModelTest {

    @Test
    void bundledModelsLoadWithTheirLabelsAndStats() throws Exception {
        SpeechEmotionModel seven = SpeechEmotionModel.load(ModelLocator.fromClasspath(SpeechEmotionModel.DEFAULT_ID));
        assertEquals(List.of(Emotion.ANGER, Emotion.BOREDOM, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPINESS,
                Emotion.NEUTRAL, Emotion.SADNESS), seven.labels().mapping());
        assertTrue(seven.stats().get("f0_semitone_range_p5_p95").isPresent());
        SpeechEmotionModel four = SpeechEmotionModel.load(ModelLocator.fromClasspath(SpeechEmotionModel.FOUR_CLASS_ID));
        assertEquals(4, four.labels().size());
        assertEquals("java", four.info().engine());
    }

    @Test
    void loudHighVariablePitchLeansAwayFromQuietFlatPitch() throws Exception {
        SpeechEmotionModel m = SpeechEmotionModel.load(ModelLocator.fromClasspath(SpeechEmotionModel.FOUR_CLASS_ID));
        ProsodyExtractor ex = new ProsodyExtractor();
        EmotionDistribution quiet = m.predict(ex.extract(TestAudio.voiced(2, 100, 16000, 0.03, 1)));
        EmotionDistribution loud = m.predict(ex.extract(TestAudio.voiced(2, 260, 16000, 0.9, 1)));
        assertEquals(1.0, quiet.asMap().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        // arousal ordering: the loud high voice is more aroused than the quiet low one
        assertTrue(loud.dimensions().arousal() > quiet.dimensions().arousal(),
                loud + " vs " + quiet);
    }

    @Test
    void cuesQuoteMeasuredNumbersAndCorpusMedians() throws Exception {
        SpeechEmotionModel m = SpeechEmotionModel.load(ModelLocator.fromClasspath(SpeechEmotionModel.DEFAULT_ID));
        FeatureVector f = new ProsodyExtractor().extract(TestAudio.voiced(2, 260, 16000, 0.9, 2));
        List<Cue> cues = new CueExplainer(3, 1.0).explain(m, f);
        assertFalse(cues.isEmpty());
        assertTrue(cues.size() <= 3);
        for (Cue c : cues) {
            assertTrue(m.stats().get(c.feature()).isPresent());
            assertEquals(f.get(c.feature()), c.value(), 1e-12);
            assertTrue(c.text().contains("corpus median"), c.text());
            assertTrue(c.text().contains("more likely"), c.text());
            assertTrue(c.text().matches(".*\\d.*corpus median.*\\d.*"), c.text());
        }
    }
}
