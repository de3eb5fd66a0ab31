package io.github.emotion4j.writers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.conversation.EmotionTransitions;
import io.github.emotion4j.core.conversation.Utterance;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link ConversationResult} as JSON with fixed field names (see
 * {@code emotion-core/writers/README.md}, section "Conversation JSON"), in the style of
 * {@link PredictionJson}: distributions are objects keyed by {@link PredictionJson#LABELS},
 * probabilities rounded to 6 decimals, times in seconds, absent values {@code null}.
 *
 * <p>Top-level fields: {@code schema}, {@code input}, {@code id}, {@code contextModel},
 * {@code utterances} (turn, speaker, text, start, end, label, withoutContext, withContext, top,
 * topWithoutContext, modalities, warnings), {@code speakers} (per speaker the timeline of their
 * turns), {@code stats} and {@code goldStats} (inertia and contagion: n, same, rate, chance, strength
 * and the non-zero transitions with their counts and conditional probabilities; {@code null} where
 * undefined), {@code warnings}, {@code provenance}. Stateless and thread-safe.
 */
public final class ConversationJson {
    /** The value of the {@code schema} field; bumped when a field changes meaning. */
    public static final String SCHEMA = "emotion4j.conversation/1";

    private ConversationJson() {
    }

    /**
     * The result as a JSON tree.
     *
     * @param result the analysis
     * @param input  what was analysed (a file name), stored as {@code input}
     */
    public static ObjectNode toTree(ConversationResult result, String input) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(input, "input");
        ObjectNode root = PredictionJson.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        root.put("input", input);
        root.put("id", result.id());
        if (result.contextModel().isPresent()) {
            root.put("contextModel", result.contextModel().get());
        } else {
            root.putNull("contextModel");
        }
        ArrayNode us = root.putArray("utterances");
        result.utterances().forEach(u -> us.add(utterance(u)));
        ObjectNode speakers = root.putObject("speakers");
        for (String s : result.speakers()) {
            ObjectNode sp = speakers.putObject(s);
            ArrayNode timeline = sp.putArray("timeline");
            for (UtteranceResult u : result.timeline(s)) {
                ObjectNode p = timeline.addObject();
                p.put("turn", u.utterance().turn());
                span(p, u.utterance().span());
                Optional<EmotionDistribution> d = u.withContext();
                if (d.isPresent()) {
                    p.put("label", d.get().top().label().word());
                    p.put("probability", PredictionJson.round(d.get().top().probability()));
                    p.put("valence", PredictionJson.round(d.get().dimensions().valence()));
                    p.put("arousal", PredictionJson.round(d.get().dimensions().arousal()));
                } else {
                    p.putNull("label");
                    p.putNull("probability");
                    p.putNull("valence");
                    p.putNull("arousal");
                }
            }
        }
        root.set("stats", stats(result.stats()));
        if (result.goldStats().isPresent()) {
            root.set("goldStats", stats(result.goldStats().get()));
        } else {
            root.putNull("goldStats");
        }
        ArrayNode warnings = root.putArray("warnings");
        result.warnings().forEach(warnings::add);
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("library", "emotion4j");
        provenance.put("libraryVersion", EmotionRecognizer.VERSION);
        ArrayNode models = provenance.putArray("models");
        result.models().forEach(m -> models.add(PredictionJson.model(m)));
        return root;
    }

    /** The result as indented JSON text. */
    public static String toJson(ConversationResult result, String input) {
        try {
            return PredictionJson.mapper().writeValueAsString(toTree(result, input));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Writes the result to a file (UTF-8, indented). */
    public static void write(ConversationResult result, String input, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PredictionJson.createParent(file);
        try (Writer w = Files.newBufferedWriter(file)) {
            PredictionJson.mapper().writeValue(w, toTree(result, input));
        }
    }

    private static ObjectNode utterance(UtteranceResult r) {
        Utterance u = r.utterance();
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        n.put("turn", u.turn());
        n.put("speaker", u.speaker());
        n.put("text", u.text());
        span(n, u.span());
        if (u.label().isPresent()) {
            n.put("label", u.label().get().word());
        } else {
            n.putNull("label");
        }
        optional(n, "withoutContext", r.withoutContext().map(PredictionJson::distribution));
        optional(n, "withContext", r.withContext().map(PredictionJson::distribution));
        optional(n, "top", r.withContext().map(d -> PredictionJson.labelScore(d.top())));
        optional(n, "topWithoutContext", r.withoutContext().map(d -> PredictionJson.labelScore(d.top())));
        ObjectNode m = n.putObject("modalities");
        for (Map.Entry<Modality, EmotionDistribution> e : r.modalities().entrySet()) {
            m.set(e.getKey().word(), PredictionJson.distribution(e.getValue()));
        }
        ArrayNode w = n.putArray("warnings");
        r.warnings().forEach(w::add);
        return n;
    }

    private static void span(ObjectNode n, Optional<TimeSpan> span) {
        if (span.isPresent()) {
            n.put("start", PredictionJson.round(span.get().start()));
            n.put("end", PredictionJson.round(span.get().end()));
        } else {
            n.putNull("start");
            n.putNull("end");
        }
    }

    private static void optional(ObjectNode n, String name, Optional<ObjectNode> value) {
        if (value.isPresent()) {
            n.set(name, value.get());
        } else {
            n.putNull(name);
        }
    }

    private static ObjectNode stats(ConversationStats s) {
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        ArrayNode in = n.putArray("inertia");
        s.inertia().forEach(t -> in.add(transitions(t, "speaker", null)));
        n.set("overallInertia", transitions(s.overallInertia(), null, null));
        ArrayNode co = n.putArray("contagion");
        s.contagion().forEach(t -> co.add(transitions(t, "speaker", "listener")));
        n.set("overallContagion", transitions(s.overallContagion(), null, null));
        return n;
    }

    private static ObjectNode transitions(EmotionTransitions t, String fromKey, String toKey) {
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        if (fromKey != null) {
            n.put(fromKey, t.from());
        }
        if (toKey != null) {
            n.put(toKey, t.to());
        }
        n.put("n", t.n());
        n.put("same", t.same());
        number(n, "rate", t.rate());
        number(n, "chance", t.chance());
        number(n, "strength", t.strength());
        ArrayNode tr = n.putArray("transitions");
        for (Emotion a : Emotion.values()) {
            for (Emotion b : Emotion.values()) {
                int c = t.count(a, b);
                if (c > 0) {
                    ObjectNode x = tr.addObject();
                    x.put("from", a.word());
                    x.put("to", b.word());
                    x.put("count", c);
                    x.put("probability", PredictionJson.round(t.probability(a, b)));
                }
            }
        }
        return n;
    }

    private static void number(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, PredictionJson.round(v));
        } else {
            n.putNull(name);
        }
    }
}
