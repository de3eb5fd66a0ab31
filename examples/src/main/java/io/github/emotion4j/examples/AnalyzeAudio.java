package io.github.emotion4j.examples;

import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Analyses speech in an audio file: the emotion of each speech segment, the voice's
 * valence/arousal, and the prosodic cues (pitch, loudness, tempo) that moved the prediction.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.AnalyzeAudio src-test-data/demo/demo.wav
 * </pre>
 */
public final class AnalyzeAudio {
    private AnalyzeAudio() {
    }

    public static void main(String[] args) throws IOException, ModelLoadException {
        Path file = Path.of(args.length > 0 ? args[0] : "src-test-data/demo/demo.wav");
        EmotionPrediction p = analyze(file);
        ModalityResult audio = p.modality(Modality.AUDIO).orElseThrow();
        System.out.println(file.getFileName() + ": " + audio.distribution().map(Object::toString).orElse("no speech found"));
        audio.dimensions().ifPresent(d -> System.out.printf(Locale.ROOT, "  valence %+.2f  arousal %+.2f  dominance %+.2f%n",
                d.valence(), d.arousal(), d.dominance()));
        for (Segment s : audio.segments()) {
            System.out.printf(Locale.ROOT, "  %5.2f-%5.2f s  %-10s %.2f%n", s.span().start(), s.span().end(),
                    s.distribution().top().label().word(), s.distribution().top().probability());
        }
        for (Cue c : audio.cues()) {
            System.out.println("  cue: " + c.text());
        }
        audio.warnings().forEach(w -> System.out.println("  warning: " + w));
    }

    /** Runs the audio modality alone on a file. */
    public static EmotionPrediction analyze(Path file) throws IOException, ModelLoadException {
        try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.AUDIO).build()) {
            return recognizer.predict(MediaInput.ofFile(file));
        }
    }
}
