package io.github.emotion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.Modules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example programs on the committed demo media with the bundled models. */
class AnalyzeExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void analyzeTextFindsJoyAndAnger() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        EmotionPrediction happy = AnalyzeText.analyze("What a wonderful surprise, I am so happy to see you!");
        assertEquals(Emotion.HAPPINESS, happy.top().label());
        EmotionPrediction angry = AnalyzeText.analyze("Stop lying to me, I am really angry!");
        assertEquals(Emotion.ANGER, angry.top().label());
        AnalyzeText.main(new String[] {"I am so sad and alone."});
    }

    @Test
    void analyzeConversationReadsEveryDialogue() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        var results = AnalyzeConversation.run(TestData.resolve("conversation/small.tsv"), null);
        assertEquals(2, results.size());
        assertEquals(Emotion.ANGER, results.get(1).utterances().get(0).predicted().orElseThrow());
        assertTrue(results.get(1).goldStats().isPresent());
        AnalyzeConversation.main(new String[] {TestData.resolve("conversation/small.tsv").toString()});
    }

    @Test
    void analyzeAudioFindsSpeechInTheDemo() throws Exception {
        assumeTrue(Modules.present(Modality.AUDIO), "emotion-audio not on the classpath");
        EmotionPrediction p = AnalyzeAudio.analyze(TestData.resolve("demo/demo.wav"));
        ModalityResult audio = p.modality(Modality.AUDIO).orElseThrow();
        assertTrue(audio.hasEvidence(), audio.warnings().toString());
        assertFalse(audio.segments().isEmpty());
        AnalyzeAudio.main(new String[] {TestData.resolve("demo/demo.wav").toString()});
    }

    @Test
    void analyzeVideoWritesJsonAndTimeline() throws Exception {
        assumeTrue(Modules.present(Modality.VISION) && Modules.present(Modality.TEXT), "vision and text modules needed");
        Path out = tmp.resolve("video");
        EmotionPrediction p = AnalyzeVideo.run(TestData.resolve("demo/demo.mp4"), TestData.resolve("demo/demo.srt"), out);
        assertTrue(p.modality(Modality.VISION).orElseThrow().hasEvidence(), "no face found in the demo video");
        assertTrue(p.modality(Modality.TEXT).orElseThrow().hasEvidence());
        assertFalse(p.timeline().isEmpty());
        assertTrue(Files.size(out.resolve("prediction.json")) > 1000);
        assertTrue(Files.size(out.resolve("timeline.png")) > 10_000);
    }
}
