package io.github.emotion4j.writers;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.conversation.ConversationResult;
import io.github.emotion4j.core.conversation.ConversationStats;
import io.github.emotion4j.core.conversation.EmotionTransitions;
import io.github.emotion4j.core.conversation.UtteranceResult;
import io.github.emotion4j.core.label.Emotion;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A readable plain-text summary of a {@link ConversationResult}: one line per turn (speaker, span,
 * top emotion without and with context, gold label, the start of the text), each speaker's
 * timeline, inertia and contagion, and the warnings. Stateless and thread-safe.
 */
public final class ConversationText {
    private static final int TEXT_WIDTH = 48;

    private ConversationText() {
    }

    /** The summary. */
    public static String summary(ConversationResult r) {
        Objects.requireNonNull(r, "result");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "conversation %s: %d turns, %d speakers (%s); context model: %s%n", r.id(),
                r.utterances().size(), r.speakers().size(), String.join(", ", r.speakers()), r.contextModel().orElse("none")));
        if (!r.utterances().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%5s  %-14s %-15s %-17s %-17s %-10s %s%n", "turn", "speaker", "span",
                    "without context", "with context", "gold", "text"));
            for (UtteranceResult u : r.utterances()) {
                String span = u.utterance().span().map(s -> String.format(Locale.ROOT, "%.1f-%.1f s", s.start(), s.end()))
                        .orElse("-");
                sb.append(String.format(Locale.ROOT, "%5d  %-14.14s %-15s %-17s %-17s %-10s %s%n", u.utterance().turn(),
                        u.speaker(), span, top(u.withoutContext()), top(u.withContext()),
                        u.utterance().label().map(Emotion::word).orElse("-"), abbreviate(u.utterance().text())));
            }
            sb.append("timeline per speaker (emotion with context, turn by turn):\n");
            for (String s : r.speakers()) {
                StringBuilder line = new StringBuilder();
                for (UtteranceResult u : r.timeline(s)) {
                    if (line.length() > 0) {
                        line.append(" -> ");
                    }
                    line.append(u.predicted().map(Emotion::word).orElse("?")).append('@').append(u.utterance().turn());
                }
                sb.append(String.format(Locale.ROOT, "  %s: %s%n", s, line));
            }
            stats(sb, "predicted", r.stats());
            r.goldStats().ifPresent(g -> stats(sb, "gold", g));
        }
        if (!r.warnings().isEmpty()) {
            sb.append("warnings:\n");
            r.warnings().forEach(w -> sb.append("  ").append(w).append('\n'));
        }
        return sb.toString();
    }

    private static void stats(StringBuilder sb, String which, ConversationStats s) {
        sb.append(String.format(Locale.ROOT, "inertia (%s labels; a speaker's emotion kept at their next turn): overall %s%n",
                which, figures(s.overallInertia())));
        for (EmotionTransitions t : s.inertia()) {
            sb.append(String.format(Locale.ROOT, "  %s: %s%n", t.from(), figures(t)));
        }
        sb.append(String.format(Locale.ROOT, "contagion (%s labels; the next turn, by another speaker, takes the emotion on):"
                + " overall %s%n", which, figures(s.overallContagion())));
        for (EmotionTransitions t : s.contagion()) {
            sb.append(String.format(Locale.ROOT, "  %s -> %s: %s%s%n", t.from(), t.to(), figures(t), commonest(t)));
        }
    }

    private static String figures(EmotionTransitions t) {
        if (t.n() == 0) {
            return "no pairs";
        }
        double k = t.strength();
        return String.format(Locale.ROOT, "%d/%d kept (%.2f), strength %s", t.same(), t.n(), t.rate(),
                Double.isNaN(k) ? "n/a" : String.format(Locale.ROOT, "%.2f", k));
    }

    private static String commonest(EmotionTransitions t) {
        Emotion ba = null;
        Emotion bb = null;
        int best = 0;
        for (Emotion a : Emotion.values()) {
            for (Emotion b : Emotion.values()) {
                if (t.count(a, b) > best) {
                    best = t.count(a, b);
                    ba = a;
                    bb = b;
                }
            }
        }
        return ba == null ? "" : String.format(Locale.ROOT, "; most often %s -> %s (%d, P=%.2f)", ba.word(), bb.word(), best,
                t.probability(ba, bb));
    }

    private static String top(Optional<EmotionDistribution> d) {
        if (d.isEmpty()) {
            return "-";
        }
        LabelScore s = d.get().top();
        return String.format(Locale.ROOT, "%s %.2f", s.label().word(), s.probability());
    }

    private static String abbreviate(String s) {
        String t = s.replace('\n', ' ').strip();
        return t.length() > TEXT_WIDTH ? t.substring(0, TEXT_WIDTH - 3) + "..." : t;
    }
}
