package io.github.emotion4j.text.conversation;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.conversation.Conversation;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.text.transcript.Transcript;
import io.github.emotion4j.text.transcript.TranscriptCue;
import io.github.emotion4j.text.transcript.TranscriptParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads conversations from files. Immutable and thread-safe; {@link #defaults()} and the
 * {@code with*} methods configure it.
 *
 * <ul>
 *   <li><b>TSV / CSV</b> ({@code .tsv}, {@code .csv}): a header row naming the columns in any order
 *       (case-insensitive): {@code text} (required; also {@code utterance}), {@code dialogue}
 *       ({@code dialogue_id}, {@code conversation}), {@code turn} ({@code turn_id}), {@code speaker},
 *       {@code label} ({@code emotion}), {@code start}, {@code end} (seconds such as {@code 12.5} or
 *       {@code hh:mm:ss.mmm}); other columns are ignored. A file may hold many dialogues; they come
 *       back in order of first appearance. Without a {@code dialogue} column the file is one
 *       dialogue named after it; without {@code turn} turns are numbered by position. TSV fields are
 *       taken literally (no quoting: the MELD and EmoryNLP files have texts that start with a quote);
 *       CSV follows RFC 4180 (double quotes, multi-line fields).</li>
 *   <li><b>WebVTT</b> ({@code .vtt}): one dialogue; each cue is a turn with its times, the speaker from
 *       its voice tag {@code <v Name>} (a cue with several voices gives one turn per voice).</li>
 *   <li><b>SRT</b> ({@code .srt}): one dialogue; the speaker from a {@code NAME:} prefix of a cue line
 *       (letters, spaces, dots, apostrophes and hyphens, at most 40; a line starting {@code - NAME:} too).</li>
 *   <li><b>JSON</b> ({@code .json}): {@code {"conversations": [{"id": ..., "utterances": [...]}, ...]}},
 *       one {@code {"id": ..., "utterances": [...]}}, or an array of utterances; an utterance is an
 *       object with the TSV column names as keys ({@code turn}, {@code start}, {@code end} numbers or
 *       strings).</li>
 * </ul>
 * A turn without speaker belongs to {@link Conversation#UNKNOWN_SPEAKER}. Labels are mapped to
 * canonical emotions: by default any word {@link EmotionLabels} knows plus the
 * {@link LabelSet#MELD_7} and {@link LabelSet#EMORYNLP_7} words (peaceful -> neutral,
 * powerful -> happiness); with {@link #withLabels(LabelSet)} only that set's words. Every problem is
 * a {@link ConversationFormatException} naming file and line: a missing {@code text} column, a
 * label outside the label set, a repeated turn number within a dialogue, a bad turn number or
 * time, a start without end, a dialogue of more than {@link #maxTurns()} turns (default
 * {@link Conversation#MAX_TURNS}). A file that is not valid UTF-8 is read with U+FFFD and a warning
 * on each conversation.
 */
public final class ConversationReader {
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^\\s>]*)?\\s+([^>]*)>");
    private static final Pattern SRT_NAME = Pattern.compile("(?m)^[ \\t]*(?:-[ \\t]*)?([\\p{L}][\\p{L}\\p{M} .'\\-]{0,39}):[ \\t]+");
    private static final char MARK = '\u0001';
    private static final char END_MARK = '\u0002';
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("text", "text"), Map.entry("utterance", "text"),
            Map.entry("dialogue", "dialogue"), Map.entry("dialogueid", "dialogue"), Map.entry("dialog", "dialogue"),
            Map.entry("conversation", "dialogue"), Map.entry("conversationid", "dialogue"),
            Map.entry("turn", "turn"), Map.entry("turnid", "turn"),
            Map.entry("speaker", "speaker"),
            Map.entry("label", "label"), Map.entry("emotion", "label"),
            Map.entry("start", "start"), Map.entry("end", "end"));

    private static final ConversationReader DEFAULTS = new ConversationReader(null, Conversation.MAX_TURNS);

    private final LabelSet labels;
    private final int maxTurns;

    private ConversationReader(LabelSet labels, int maxTurns) {
        this.labels = labels;
        this.maxTurns = maxTurns;
    }

    /** A reader with the default label mapping and turn limit. */
    public static ConversationReader defaults() {
        return DEFAULTS;
    }

    /** This reader accepting only the words of {@code set} as labels (case-insensitive), mapped as the set maps them. */
    public ConversationReader withLabels(LabelSet set) {
        return new ConversationReader(Objects.requireNonNull(set, "set"), maxTurns);
    }

    /** This reader with another limit on the turns of one dialogue. */
    public ConversationReader withMaxTurns(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxTurns must be >= 1, was " + max);
        }
        return new ConversationReader(labels, max);
    }

    /** The most turns one dialogue may have. */
    public int maxTurns() {
        return maxTurns;
    }

    /** The label set, when one was given. */
    public Optional<LabelSet> labels() {
        return Optional.ofNullable(labels);
    }

    /** The emotion a label word maps to under this reader's label set. */
    public Optional<Emotion> resolve(String word) {
        Objects.requireNonNull(word, "word");
        String w = word.strip().toLowerCase(Locale.ROOT);
        if (labels != null) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.labels().get(i).toLowerCase(Locale.ROOT).equals(w)) {
                    return Optional.of(labels.emotionAt(i));
                }
            }
            return Optional.empty();
        }
        Optional<Emotion> e = EmotionLabels.find(w);
        if (e.isPresent()) {
            return e;
        }
        for (LabelSet s : List.of(LabelSet.MELD_7, LabelSet.EMORYNLP_7)) {
            int i = s.indexOf(w);
            if (i >= 0) {
                return Optional.of(s.emotionAt(i));
            }
        }
        return Optional.empty();
    }

    String labelSetDescription() {
        if (labels != null) {
            return labels.name() + " " + labels.labels();
        }
        return "(default: canonical emotion words and synonyms, MELD_7 " + LabelSet.MELD_7.labels() + ", EMORYNLP_7 "
                + LabelSet.EMORYNLP_7.labels() + ")";
    }

    /**
     * Reads every dialogue of a file, choosing the format by extension ({@code .tsv}, {@code .csv},
     * {@code .vtt}, {@code .srt}, {@code .json}).
     *
     * @throws ConversationFormatException when the content is malformed (the message names file and line)
     * @throws MediaDecodeException        when the file is missing, unreadable or of another format
     */
    public List<Conversation> read(Path file) throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (!List.of("tsv", "csv", "vtt", "srt", "json").contains(ext)) {
            throw new MediaDecodeException(file.toString(), "not a conversation file: expected .tsv, .csv, .vtt, .srt or .json");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MediaDecodeException(file.toString(), "conversation file does not exist", e);
        } catch (IOException e) {
            throw new MediaDecodeException(file.toString(), "cannot read conversation file: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        String text = TranscriptParser.decodeUtf8(bytes, file.toString(), warnings);
        String source = file.toString();
        List<Conversation> out = switch (ext) {
            case "tsv" -> parseTable(text, source, '\t', warnings);
            case "csv" -> parseTable(text, source, ',', warnings);
            case "vtt" -> List.of(parseVtt(text, source).withWarnings(warnings));
            case "srt" -> List.of(parseSrt(text, source).withWarnings(warnings));
            default -> parseJson(text, source, warnings);
        };
        return out;
    }

    /**
     * Parses a table with a header row.
     *
     * @param delimiter {@code '\t'} (fields taken literally) or {@code ','} (RFC 4180 quoting)
     */
    public List<Conversation> parseTable(String text, String source, char delimiter) throws ConversationFormatException {
        return parseTable(text, source, delimiter, List.of());
    }

    private List<Conversation> parseTable(String text, String source, char delimiter, List<String> warnings)
            throws ConversationFormatException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        CSVFormat format = delimiter == '\t'
                ? CSVFormat.TDF.builder().setQuote(null).setIgnoreSurroundingSpaces(false).setTrim(false)
                        .setIgnoreEmptyLines(false).get()
                : CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
        DialogueCollector rows = new DialogueCollector(source, this);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Iterator<CSVRecord> it = parser.iterator();
            long before = parser.getCurrentLineNumber();
            if (!it.hasNext()) {
                throw new ConversationFormatException(source, 1, "empty file: expected a header row naming the columns"
                        + " (dialogue, turn, speaker, text, label, start, end)");
            }
            CSVRecord header = it.next();
            Map<String, Integer> cols = columns(header, source);
            if (!cols.containsKey("text")) {
                throw new ConversationFormatException(source, 1, "missing required column 'text' (header: "
                        + header.toList() + "); columns are dialogue, turn, speaker, text, label, start, end in any order");
            }
            before = parser.getCurrentLineNumber();
            while (it.hasNext()) {
                CSVRecord r = it.next();
                int line = (int) Math.min(Integer.MAX_VALUE, before + 1);
                before = parser.getCurrentLineNumber();
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (r.size() < header.size()) {
                    throw new ConversationFormatException(source, line, "row has " + r.size() + " fields but the header has "
                            + header.size());
                }
                rows.add(get(r, cols, "dialogue"), get(r, cols, "turn"), get(r, cols, "speaker"), get(r, cols, "text"),
                        get(r, cols, "label"), get(r, cols, "start"), get(r, cols, "end"), line);
            }
        } catch (ConversationFormatException e) {
            throw e;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ConversationFormatException(source, 0, "malformed table: " + e.getMessage());
        } catch (IOException e) {
            throw new ConversationFormatException(source, 0, "malformed table: " + e.getMessage());
        }
        return rows.build(warnings);
    }

    private static Map<String, Integer> columns(CSVRecord header, String source) throws ConversationFormatException {
        Map<String, Integer> cols = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String key = header.get(i).strip().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
            if (i == 0 && key.startsWith("\uFEFF")) {
                key = key.substring(1);
            }
            String canonical = ALIASES.get(key);
            if (canonical != null && cols.putIfAbsent(canonical, i) != null) {
                throw new ConversationFormatException(source, 1, "column '" + canonical + "' appears twice in the header");
            }
        }
        return cols;
    }

    private static String get(CSVRecord r, Map<String, Integer> cols, String name) {
        Integer i = cols.get(name);
        return i == null ? null : r.get(i);
    }

    /** Parses WebVTT whose cues carry voice tags {@code <v Name>}; one dialogue named after {@code source}. */
    public Conversation parseVtt(String text, String source) throws ConversationFormatException {
        Objects.requireNonNull(text, "text");
        Matcher m = VOICE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(MARK + m.group(1).strip() + END_MARK));
        }
        m.appendTail(sb);
        Transcript t;
        try {
            t = TranscriptParser.parseVtt(sb.toString(), source);
        } catch (ConversationFormatException e) {
            throw e;
        } catch (io.github.emotion4j.text.transcript.TranscriptFormatException e) {
            throw new ConversationFormatException(source, e.line(), stripPrefix(e.getMessage()));
        }
        return fromCues(t, source);
    }

    /** Parses SRT whose cue lines start with {@code NAME:}; one dialogue named after {@code source}. */
    public Conversation parseSrt(String text, String source) throws ConversationFormatException {
        Objects.requireNonNull(text, "text");
        Matcher m = SRT_NAME.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(MARK + m.group(1).strip() + END_MARK));
        }
        m.appendTail(sb);
        Transcript t;
        try {
            t = TranscriptParser.parseSrt(sb.toString(), source);
        } catch (io.github.emotion4j.text.transcript.TranscriptFormatException e) {
            throw new ConversationFormatException(source, e.line(), stripPrefix(e.getMessage()));
        }
        return fromCues(t, source);
    }

    private static String stripPrefix(String message) {
        int i = message.indexOf("line ");
        int colon = i < 0 ? -1 : message.indexOf(": ", i);
        return colon < 0 ? message : message.substring(colon + 2);
    }

    /** Each cue one turn (or one per marked voice), with the cue's span. */
    private Conversation fromCues(Transcript t, String source) throws ConversationFormatException {
        DialogueCollector rows = new DialogueCollector(source, this);
        String id = baseName(source);
        rows.ensure(id);
        for (TranscriptCue c : t.cues()) {
            String start = c.span().map(s -> Double.toString(s.start())).orElse(null);
            String end = c.span().map(s -> Double.toString(s.end())).orElse(null);
            String body = c.text();
            String speaker = "";
            int pos = 0;
            List<String[]> parts = new ArrayList<>();
            while (pos < body.length()) {
                int mark = body.indexOf(MARK, pos);
                String before = (mark < 0 ? body.substring(pos) : body.substring(pos, mark)).strip();
                if (!before.isEmpty() || mark < 0 && parts.isEmpty()) {
                    parts.add(new String[] {speaker, before});
                }
                if (mark < 0) {
                    break;
                }
                int close = body.indexOf(END_MARK, mark);
                speaker = close < 0 ? "" : body.substring(mark + 1, close).strip();
                pos = close < 0 ? body.length() : close + 1;
                if (pos >= body.length()) {
                    parts.add(new String[] {speaker, ""});
                }
            }
            for (String[] p : parts) {
                if (p[1].isEmpty() && parts.size() > 1) {
                    continue;
                }
                rows.add(id, null, p[0], p[1].replace(String.valueOf(MARK), "").replace(String.valueOf(END_MARK), ""),
                        null, start, end, c.line());
            }
        }
        List<Conversation> out = rows.build(t.warnings());
        return out.get(0);
    }

    /** Parses JSON (see the class description for the shapes). */
    public List<Conversation> parseJson(String text, String source) throws ConversationFormatException {
        return parseJson(text, source, List.of());
    }

    private List<Conversation> parseJson(String text, String source, List<String> warnings)
            throws ConversationFormatException {
        Objects.requireNonNull(text, "text");
        DialogueCollector rows = new DialogueCollector(source, this);
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            JsonToken first = in.peek();
            if (first == JsonToken.BEGIN_ARRAY) {
                add(rows, utterances(in, source), baseName(source));
            } else if (first == JsonToken.BEGIN_OBJECT) {
                int line = line(in);
                in.beginObject();
                String id = null;
                boolean any = false;
                List<Row> single = null;
                while (in.hasNext()) {
                    String key = in.nextName();
                    switch (key) {
                        case "conversations", "dialogues" -> {
                            in.beginArray();
                            while (in.hasNext()) {
                                conversation(in, rows, source);
                            }
                            in.endArray();
                            any = true;
                        }
                        case "id", "dialogue" -> id = in.nextString();
                        case "utterances", "turns" -> {
                            single = utterances(in, source);
                            any = true;
                        }
                        default -> in.skipValue();
                    }
                }
                in.endObject();
                if (single != null) {
                    add(rows, single, id != null ? id : baseName(source));
                }
                if (!any) {
                    throw new ConversationFormatException(source, line,
                            "expected \"conversations\" or \"utterances\" in the top-level object");
                }
            } else {
                throw new ConversationFormatException(source, line(in), "expected a JSON object or array, found " + first);
            }
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new ConversationFormatException(source, line(in), "unexpected content after the JSON value");
            }
        } catch (ConversationFormatException e) {
            throw e;
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new ConversationFormatException(source, lineOf(e.getMessage()), "malformed JSON: " + e.getMessage());
        }
        return rows.build(warnings);
    }

    /** One utterance object's known fields and the line it starts on. */
    private record Row(Map<String, String> fields, int line) {
    }

    private void conversation(JsonReader in, DialogueCollector rows, String source) throws IOException {
        int line = line(in);
        in.beginObject();
        String id = null;
        List<Row> read = null;
        while (in.hasNext()) {
            String key = in.nextName();
            if (key.equals("id") || key.equals("dialogue")) {
                id = in.nextString();
            } else if (key.equals("utterances") || key.equals("turns")) {
                read = utterances(in, source);
            } else {
                in.skipValue();
            }
        }
        in.endObject();
        if (read == null) {
            throw new ConversationFormatException(source, line, "conversation without \"utterances\"");
        }
        add(rows, read, id != null ? id : baseName(source) + "#" + line);
    }

    private static void add(DialogueCollector rows, List<Row> read, String dialogue) throws ConversationFormatException {
        rows.ensure(dialogue);
        for (Row r : read) {
            Map<String, String> f = r.fields();
            rows.add(f.getOrDefault("dialogue", dialogue), f.get("turn"), f.get("speaker"), f.get("text"), f.get("label"),
                    f.get("start"), f.get("end"), r.line());
        }
    }

    private List<Row> utterances(JsonReader in, String source) throws IOException {
        List<Row> out = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            int line = line(in);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw new ConversationFormatException(source, line, "an utterance must be an object, found " + in.peek());
            }
            in.beginObject();
            Map<String, String> f = new LinkedHashMap<>();
            while (in.hasNext()) {
                String key = ALIASES.get(in.nextName().toLowerCase(Locale.ROOT).replace("_", ""));
                JsonToken tok = in.peek();
                if (key == null || tok == JsonToken.BEGIN_ARRAY || tok == JsonToken.BEGIN_OBJECT) {
                    in.skipValue();
                } else if (tok == JsonToken.NULL) {
                    in.nextNull();
                } else {
                    f.put(key, tok == JsonToken.BOOLEAN ? Boolean.toString(in.nextBoolean()) : in.nextString());
                }
            }
            in.endObject();
            if (!f.containsKey("text")) {
                throw new ConversationFormatException(source, line, "utterance without \"text\"");
            }
            if (out.size() >= maxTurns) {
                throw new ConversationFormatException(source, line, "more than " + maxTurns
                        + " utterances in one list, the turn limit (raise it with ConversationReader.withMaxTurns or --max-turns)");
            }
            out.add(new Row(f, line));
        }
        in.endArray();
        return out;
    }

    /** Gson names the position only in toString() ("... at line 3 column 5 path $[1]"). */
    private static int line(JsonReader in) {
        return lineOf(in.toString());
    }

    private static int lineOf(String s) {
        if (s == null) {
            return 0;
        }
        Matcher m = Pattern.compile("line (\\d+)").matcher(s);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The file name without folder and extension. */
    static String baseName(String source) {
        String s = source.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
