package io.github.emotion4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.ConversationContext;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.conversation.EmotionTransitions;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.text.conversation.ConversationAnalyzer;
import io.github.emotion4j.writers.PredictionJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code evaluate --modality conversation --data FILE}: every labelled turn of every dialogue, read
 * without and with dialogue context; accuracy, macro-F1, weighted-F1, per-class F1 and the confusion
 * matrix of both, side by side, plus inertia and contagion of the gold and the predicted labels.
 * Predictions are restricted to the gold classes (as the other modalities' evaluations) unless
 * {@code --all-labels}; a turn with nothing to judge counts as {@code (none)}. Turns without a gold
 * label are left out (and counted).
 */
final class ConversationEvaluation {
    private final EvaluateCommand cmd;

    ConversationEvaluation(EvaluateCommand cmd) {
        this.cmd = cmd;
    }

    int run(PrintWriter out, PrintWriter err) throws Exception {
        if (!Files.isRegularFile(cmd.data)) {
            throw new NoSuchFileException(cmd.data.toString());
        }
        List<Conversation> dialogues = ConversationInput.reader(cmd.labelSet, cmd.maxTurns).read(cmd.data);
        Set<Emotion> present = EnumSet.noneOf(Emotion.class);
        int unlabelled = 0;
        int turns = 0;
        for (Conversation c : dialogues) {
            for (var u : c.utterances()) {
                turns++;
                if (u.label().isPresent()) {
                    present.add(u.label().get());
                } else {
                    unlabelled++;
                }
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException(cmd.data + ": no turn has a gold label (a 'label' column) to evaluate against");
        }
        List<Emotion> classes = new ArrayList<>(present);
        List<ConversationResult> results = new ArrayList<>();
        String ctxName = null;
        long start = System.nanoTime();
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.TEXT);
        cmd.recognizer.apply(b);
        try (EmotionRecognizer r = b.build()) {
            ConversationAnalyzer.Builder ab = ConversationAnalyzer.builder(r);
            Optional<ConversationContext> context = ConversationInput.context(cmd.context, r);
            context.ifPresent(ab::context);
            ctxName = context.map(ConversationContext::name).orElse(null);
            ConversationAnalyzer analyzer = ab.build();
            int done = 0;
            for (Conversation c : dialogues) {
                results.add(analyzer.analyze(c));
                done += c.size();
                if (!cmd.json && turns >= 500 && results.size() % 20 == 0) {
                    err.printf(Locale.ROOT, "\r%d/%d turns", done, turns);
                    err.flush();
                }
            }
            if (!cmd.json && turns >= 500) {
                err.print("\r" + " ".repeat(24) + "\r");
                err.flush();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ClassificationReport without = report(results, classes, UtteranceResult::withoutContext);
        ClassificationReport with = report(results, classes, UtteranceResult::withContext);
        ConversationStats.Accumulator gold = ConversationStats.accumulator();
        ConversationStats.Accumulator predicted = ConversationStats.accumulator();
        ConversationStats.Accumulator predictedAlone = ConversationStats.accumulator();
        for (ConversationResult res : results) {
            List<String> speakers = res.utterances().stream().map(UtteranceResult::speaker).toList();
            gold.add(speakers, res.utterances().stream().map(u -> u.utterance().label().orElse(null)).toList());
            predicted.add(speakers, res.utterances().stream().map(u -> u.predicted().orElse(null)).toList());
            predictedAlone.add(speakers, res.utterances().stream().map(u -> u.predictedWithoutContext().orElse(null)).toList());
        }
        if (cmd.json) {
            ObjectNode root = PredictionJson.mapper().createObjectNode();
            root.put("data", cmd.data.toString());
            root.put("dialogues", dialogues.size());
            root.put("turns", turns);
            root.put("unlabelled", unlabelled);
            if (ctxName != null) {
                root.put("contextModel", ctxName);
            } else {
                root.putNull("contextModel");
            }
            JsonNode a = PredictionJson.mapper().readTree(without.toJson());
            JsonNode c = PredictionJson.mapper().readTree(with.toJson());
            root.set("withoutContext", a);
            root.set("withContext", c);
            ObjectNode st = root.putObject("stats");
            st.set("gold", stats(gold.build()));
            st.set("predictedWithoutContext", stats(predictedAlone.build()));
            st.set("predictedWithContext", stats(predicted.build()));
            root.put("seconds", Math.round(seconds * 1000) / 1000.0);
            out.println(PredictionJson.mapper().writeValueAsString(root));
            return 0;
        }
        out.printf(Locale.ROOT, "conversation on %s: %d dialogues, %d turns%s; context model: %s%n", cmd.data,
                dialogues.size(), turns, unlabelled > 0 ? " (" + unlabelled + " without label, left out)" : "",
                ctxName != null ? ctxName : "none (with context equals without)");
        out.printf(Locale.ROOT, "%-12s %10s %10s %8s%n", "", "without", "with", "delta");
        row(out, "accuracy", without.accuracy(), with.accuracy());
        row(out, "macroF1", without.macroF1(), with.macroF1());
        row(out, "weightedF1", without.weightedF1(), with.weightedF1());
        for (int k = 0; k < classes.size(); k++) {
            row(out, "F1 " + classes.get(k).word(), without.f1(k), with.f1(k));
        }
        out.println("\nwithout context:");
        out.print(without.toText());
        out.println("\nwith context:");
        out.print(with.toText());
        out.println();
        inertiaLine(out, "gold", gold.build());
        inertiaLine(out, "predicted without context", predictedAlone.build());
        inertiaLine(out, "predicted with context", predicted.build());
        out.printf(Locale.ROOT, "%d turns in %.1f s (%.2f ms each)%n", turns, seconds, 1000 * seconds / Math.max(1, turns));
        return 0;
    }

    private static void row(PrintWriter out, String name, double a, double b) {
        out.printf(Locale.ROOT, "%-12.12s %10.4f %10.4f %+8.4f%n", name, a, b, b - a);
    }

    private static void inertiaLine(PrintWriter out, String which, ConversationStats s) {
        out.printf(Locale.ROOT, "%-26s inertia %s; contagion %s%n", which + ":", figures(s.overallInertia()),
                figures(s.overallContagion()));
    }

    private static String figures(EmotionTransitions t) {
        if (t.n() == 0) {
            return "no pairs";
        }
        return String.format(Locale.ROOT, "rate %.3f (chance %.3f, strength %.3f, n=%d)", t.rate(), t.chance(),
                t.strength(), t.n());
    }

    private static ObjectNode stats(ConversationStats s) {
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        n.set("inertia", transitions(s.overallInertia()));
        n.set("contagion", transitions(s.overallContagion()));
        return n;
    }

    private static ObjectNode transitions(EmotionTransitions t) {
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        n.put("n", t.n());
        n.put("same", t.same());
        put(n, "rate", t.rate());
        put(n, "chance", t.chance());
        put(n, "strength", t.strength());
        return n;
    }

    private static void put(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, Math.round(v * 1e6) / 1e6);
        } else {
            n.putNull(name);
        }
    }

    /** The report over labelled turns; predictions restricted to the gold classes unless --all-labels. */
    private ClassificationReport report(List<ConversationResult> results, List<Emotion> classes,
                                        Function<UtteranceResult, Optional<EmotionDistribution>> which) {
        List<String> names = new ArrayList<>();
        classes.forEach(e -> names.add(e.word()));
        List<int[]> pairs = new ArrayList<>();
        boolean other = false;
        boolean none = false;
        for (ConversationResult r : results) {
            for (UtteranceResult u : r.utterances()) {
                if (u.utterance().label().isEmpty()) {
                    continue;
                }
                int t = classes.indexOf(u.utterance().label().get());
                Optional<EmotionDistribution> d = which.apply(u);
                int p;
                if (d.isEmpty()) {
                    p = -1;
                    none = true;
                } else if (cmd.allLabels) {
                    p = classes.indexOf(d.get().top().label());
                    if (p < 0) {
                        p = -2;
                        other = true;
                    }
                } else {
                    p = classes.indexOf(d.get().over(classes).top().label());
                }
                pairs.add(new int[] {t, p});
            }
        }
        int otherIndex = names.size();
        if (other) {
            names.add("(other)");
        }
        int noneIndex = names.size();
        if (none) {
            names.add("(none)");
        }
        int[] truth = new int[pairs.size()];
        int[] pred = new int[pairs.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = pairs.get(i)[0];
            int p = pairs.get(i)[1];
            pred[i] = p == -2 ? otherIndex : p == -1 ? noneIndex : p;
        }
        return ClassificationReport.of(names, truth, pred);
    }
}
