package io.github.emotion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.testing.Modules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainHeadTest {
    @TempDir
    Path tmp;

    @Test
    void trainsAHeadThatTheRecognizerUses() throws Exception {
        assumeTrue(Modules.present(Modality.TEXT), "emotion-text not on the classpath");
        Path out = tmp.resolve("my-text-head");
        TrainHead.train(out);
        assertTrue(Files.isRegularFile(out.resolve("head.bin")));
        try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT)
                .model(Modality.TEXT, out).build()) {
            // the training sentences come back with their own labels
            for (var e : TrainHead.DATA.entrySet()) {
                assertEquals(e.getKey(), r.predict(MediaInput.ofText(e.getValue().get(0))).top().label(), e.getValue().get(0));
            }
            assertTrue(r.models().stream().anyMatch(m -> m.id().equals("my-text-head")), r.models().toString());
            // only the head's three labels can come out
            Emotion top = r.predict(MediaInput.ofText("I am terrified of the dark.")).top().label();
            assertTrue(top == Emotion.ANGER || top == Emotion.HAPPINESS || top == Emotion.NEUTRAL, top.toString());
        }
        TrainHead.main(new String[] {tmp.resolve("again").toString()});
    }
}
