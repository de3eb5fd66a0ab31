package io.github.emotion4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.text.conversation.ConversationAnalyzer;
import io.github.emotion4j.writers.ConversationJson;
import io.github.emotion4j.writers.ConversationText;
import io.github.emotion4j.writers.PredictionJson;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code analyze --conversation FILE [MEDIA]}: reads the dialogues of FILE, analyses each (the media's
 * audio and faces join the utterances whose spans they overlap) and prints the summary; {@code --json}
 * writes one conversation object (several dialogues: a JSON array of them).
 */
final class ConversationAnalysis {
    private final AnalyzeCommand cmd;

    ConversationAnalysis(AnalyzeCommand cmd) {
        this.cmd = cmd;
    }

    int run() throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        if (cmd.files.size() > 1) {
            throw new IllegalArgumentException("--conversation takes at most one media file, got " + cmd.files.size());
        }
        if (cmd.text != null || cmd.transcript != null) {
            throw new IllegalArgumentException("--conversation cannot be combined with --text or --transcript");
        }
        if (cmd.csv != null || cmd.jsonl != null || cmd.emotionml != null || !cmd.timeline.isEmpty()) {
            throw new IllegalArgumentException("--conversation writes --json and a text summary; --csv, --jsonl, "
                    + "--emotionml and --timeline are for single predictions");
        }
        Path file = cmd.conversation;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Path media = cmd.files.isEmpty() ? null : Path.of(cmd.files.get(0));
        if (media != null) {
            if (!Files.isRegularFile(media)) {
                throw new NoSuchFileException(media.toString());
            }
            MediaKind k = MediaKind.of(media);
            if (k != MediaKind.AUDIO && k != MediaKind.VIDEO) {
                throw new IllegalArgumentException("the media of a conversation is an audio or video file, not " + media);
            }
        }
        List<Conversation> dialogues = ConversationInput.reader(cmd.labelSet, cmd.maxTurns).read(file);
        if (cmd.dialogue != null) {
            dialogues = dialogues.stream().filter(c -> c.id().equals(cmd.dialogue)).toList();
            if (dialogues.isEmpty()) {
                throw new IllegalArgumentException("no dialogue '" + cmd.dialogue + "' in " + file);
            }
        }
        if (media != null && dialogues.size() > 1) {
            throw new IllegalArgumentException(file + " holds " + dialogues.size()
                    + " dialogues; a media file goes with one: pick it with --dialogue ID");
        }
        boolean jsonToStdout = cmd.json != null && cmd.json.toString().equals("-");
        List<ConversationResult> results = new ArrayList<>();
        EmotionRecognizer.Builder b = cmd.builder(null);
        if (media == null && (cmd.modalities == null || cmd.modalities.isEmpty())) {
            b.modalities(Modality.TEXT);
        }
        try (EmotionRecognizer r = b.build()) {
            ConversationAnalyzer.Builder ab = ConversationAnalyzer.builder(r);
            Optional<ConversationContext> context = ConversationInput.context(cmd.context, r);
            context.ifPresent(ab::context);
            ConversationAnalyzer analyzer = ab.build();
            for (Conversation c : dialogues) {
                MediaInput in = MediaInput.ofConversation(c);
                results.add(analyzer.analyze(media == null ? in : in.withMedia(media)));
            }
        }
        if (!cmd.quiet && !jsonToStdout) {
            if (results.isEmpty()) {
                out.println(file + ": no dialogues (the file has a header but no rows)");
            }
            for (ConversationResult res : results) {
                out.print(ConversationText.summary(res));
                out.println();
            }
        }
        if (cmd.json != null) {
            String name = file.toString();
            Object tree;
            if (results.size() == 1) {
                tree = ConversationJson.toTree(results.get(0), name);
            } else {
                ArrayNode all = PredictionJson.mapper().createArrayNode();
                results.forEach(res -> all.add(ConversationJson.toTree(res, name)));
                tree = all;
            }
            String text = PredictionJson.mapper().writeValueAsString(tree);
            if (jsonToStdout) {
                out.println(text);
            } else {
                Path parent = cmd.json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (Writer w = Files.newBufferedWriter(cmd.json)) {
                    w.write(text);
                    w.write('\n');
                }
                if (!cmd.quiet) {
                    out.println("wrote " + cmd.json);
                }
            }
        }
        out.flush();
        return 0;
    }
}
