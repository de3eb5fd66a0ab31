package io.github.emotion4j.text.conversation;

import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.conversation.Utterance;
import io.github.emotion4j.core.label.Emotion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks rows of any format and groups them into dialogues in order of first appearance. Not thread-safe. */
final class DialogueCollector {
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,6}):)?(\\d{1,2}):(\\d{1,2})(?:[,.](\\d{1,3}))?");

    private final String source;
    private final ConversationReader reader;
    private final Map<String, Dialogue> dialogues = new LinkedHashMap<>();

    private static final class Dialogue {
        final Conversation.Builder builder;
        final Set<Integer> turns = new HashSet<>();
        final Map<Integer, Integer> turnLines = new java.util.HashMap<>();

        Dialogue(String id, int maxTurns) {
            builder = Conversation.builder(id).maxTurns(maxTurns);
        }
    }

    DialogueCollector(String source, ConversationReader reader) {
        this.source = source;
        this.reader = reader;
    }

    /**
     * Adds one row. Null means the column is absent; blank speaker means unknown.
     *
     * @throws ConversationFormatException naming the line on any bad value
     */
    void add(String dialogue, String turn, String speaker, String text, String label, String start, String end, int line)
            throws ConversationFormatException {
        String id = dialogue == null || dialogue.isBlank() ? defaultId() : dialogue.strip();
        Dialogue d = dialogues.get(id);
        if (d == null) {
            d = new Dialogue(id, reader.maxTurns());
            dialogues.put(id, d);
        }
        if (d.builder.size() >= reader.maxTurns()) {
            throw new ConversationFormatException(source, line, "dialogue '" + id + "' has more than "
                    + reader.maxTurns() + " turns, the limit (raise it with ConversationReader.withMaxTurns or --max-turns)");
        }
        int t;
        if (turn == null || turn.isBlank()) {
            t = d.builder.size();
        } else {
            try {
                t = Integer.parseInt(turn.strip());
            } catch (NumberFormatException e) {
                throw new ConversationFormatException(source, line, "turn '" + abbreviate(turn)
                        + "' is not a whole number");
            }
            if (t < 0) {
                throw new ConversationFormatException(source, line, "turn " + t + " is negative");
            }
        }
        if (!d.turns.add(t)) {
            throw new ConversationFormatException(source, line, "duplicate turn " + t + " in dialogue '" + id
                    + "' (first on line " + d.turnLines.get(t) + ")");
        }
        d.turnLines.put(t, line);
        Optional<Emotion> emotion = Optional.empty();
        if (label != null && !label.isBlank()) {
            emotion = Optional.of(reader.resolve(label.strip()).orElseThrow(() -> new ConversationFormatException(source, line,
                    "label '" + abbreviate(label) + "' is not in the label set " + reader.labelSetDescription())));
        }
        Optional<TimeSpan> span = span(start, end, line);
        d.builder.add(new Utterance(t, speaker == null ? "" : speaker, text == null ? "" : text.strip(), emotion, span,
                Math.max(0, line)));
    }

    /** Adds a whole dialogue, possibly empty (for formats of one dialogue per file). */
    void ensure(String id) {
        dialogues.computeIfAbsent(id, k -> new Dialogue(k, reader.maxTurns()));
    }

    private String defaultId() {
        return ConversationReader.baseName(source);
    }

    private Optional<TimeSpan> span(String start, String end, int line) throws ConversationFormatException {
        boolean hasStart = start != null && !start.isBlank();
        boolean hasEnd = end != null && !end.isBlank();
        if (!hasStart && !hasEnd) {
            return Optional.empty();
        }
        if (hasStart != hasEnd) {
            throw new ConversationFormatException(source, line, "a turn needs both start and end, or neither");
        }
        double s = seconds(start, line);
        double e = seconds(end, line);
        if (e < s) {
            throw new ConversationFormatException(source, line, "turn ends (" + end.strip() + ") before it starts ("
                    + start.strip() + ")");
        }
        return Optional.of(new TimeSpan(s, e));
    }

    private double seconds(String value, int line) throws ConversationFormatException {
        String v = value.strip();
        Matcher m = CLOCK.matcher(v);
        if (m.matches()) {
            long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            int min = Integer.parseInt(m.group(2));
            int s = Integer.parseInt(m.group(3));
            if (min < 60 && s < 60) {
                double frac = m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) / Math.pow(10, m.group(4).length());
                return h * 3600.0 + min * 60.0 + s + frac;
            }
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConversationFormatException(source, line, "time '" + abbreviate(v)
                + "' is neither seconds (e.g. 12.5) nor hh:mm:ss.mmm");
    }

    /** The dialogues in order of first appearance. */
    List<Conversation> build(List<String> warnings) throws ConversationFormatException {
        List<Conversation> out = new ArrayList<>();
        for (Dialogue d : dialogues.values()) {
            warnings.forEach(d.builder::warning);
            try {
                out.add(d.builder.build());
            } catch (IllegalArgumentException e) {
                throw new ConversationFormatException(source, 0, e.getMessage());
            }
        }
        return out;
    }

    static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
