package io.github.emotion4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The recognizer finds emotion-text through ServiceLoader and its bundled models. */
class DefaultModelsTest {

    @Test
    void providerIsRegistered() {
        assertTrue(ServiceLoader.load(ModalityAnalyzerProvider.class).stream()
                .anyMatch(p -> p.get().name().equals("text-minilm") && p.get().modality() == Modality.TEXT));
    }

    @Test
    void recognizerWithDefaultModelsReadsHappyText() throws Exception {
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().build()) {
            assertTrue(recognizer.modalities().contains(Modality.TEXT));
            EmotionPrediction p = recognizer.predict(MediaInput.ofText("I am so happy today, this is wonderful!"));
            assertEquals(Emotion.HAPPINESS, p.fused().top().label());
            assertTrue(recognizer.models().stream().anyMatch(m -> m.id().equals("text-goemotions-ekman")));
        }
    }
}
