package io.github.emotion4j.examples;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.EmotionTransitions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.text.conversation.ConversationAnalyzer;
import io.github.emotion4j.text.conversation.ConversationReader;
import io.github.emotion4j.writers.ConversationText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the dialogues of a conversation file (TSV/CSV, WebVTT with voice tags, SRT with
 * {@code NAME:} prefixes, JSON), analyses each with one recognizer and prints every turn, each
 * speaker's timeline and how emotions persist (inertia) and pass between speakers (contagion). With a
 * media file the audio and faces of each turn's span join it.
 *
 * <pre>
 * java -cp examples/target/emotion4j.jar io.github.emotion4j.examples.AnalyzeConversation \
 *     src-test-data/conversation/demo.vtt src-test-data/demo/demo.mp4
 * </pre>
 */
public final class AnalyzeConversation {
    private AnalyzeConversation() {
    }

    public static void main(String[] args) throws IOException, ModelLoadException {
        Path file = Path.of(args.length > 0 ? args[0] : "src-test-data/conversation/small.tsv");
        Path media = args.length > 1 ? Path.of(args[1]) : null;
        for (ConversationResult r : run(file, media)) {
            System.out.print(ConversationText.summary(r));
            EmotionTransitions inertia = r.stats().overallInertia();
            if (inertia.n() > 0) {
                System.out.printf(Locale.ROOT, "emotions kept at a speaker's next turn: %d of %d%n%n", inertia.same(), inertia.n());
            }
        }
    }

    /** Analyses every dialogue of {@code file}; {@code media} (or null) is the recording its times point into. */
    public static List<ConversationResult> run(Path file, Path media) throws IOException, ModelLoadException {
        List<Conversation> dialogues = ConversationReader.defaults().read(file);
        List<ConversationResult> out = new ArrayList<>();
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels();
        if (media == null) {
            b.modalities(Modality.TEXT);   // no recording: text is all there is to read
        }
        try (EmotionRecognizer recognizer = b.build()) {
            ConversationAnalyzer analyzer = ConversationAnalyzer.builder(recognizer).build();
            for (Conversation c : dialogues) {
                MediaInput in = MediaInput.ofConversation(c);
                out.add(analyzer.analyze(media == null ? in : in.withMedia(media)));
            }
        }
        return out;
    }
}
