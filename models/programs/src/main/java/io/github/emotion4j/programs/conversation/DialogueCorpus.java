package io.github.emotion4j.programs.conversation;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One split of a conversation corpus (MELD or EmoryNLP TSV with the header {@code dialogue turn
 * speaker label text}): dialogues in file order, turns sorted by turn number, speakers numbered
 * per dialogue in order of first appearance, labels as indices into {@code labels}.
 *
 * @param name      e.g. {@code meld/train}
 * @param labels    the label words, in index order
 * @param dialogues the dialogues
 */
record DialogueCorpus(String name, List<String> labels, List<Dialogue> dialogues) {

    /** MELD's labels in canonical order (joy is the canonical happiness). */
    static final List<String> MELD_LABELS = List.of("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral");
    /** EmoryNLP's own seven labels (Willcox's feeling wheel), kept as they are (a separate model). */
    static final List<String> EMORY_LABELS = List.of("joyful", "mad", "neutral", "peaceful", "powerful", "sad", "scared");

    /**
     * One dialogue.
     *
     * @param id       the dialogue id
     * @param speakers speaker index of each turn (0 = first speaker to talk)
     * @param labels   label index of each turn
     * @param texts    the utterances
     */
    record Dialogue(String id, int[] speakers, int[] labels, List<String> texts) {
        int size() {
            return speakers.length;
        }
    }

    int utterances() {
        return dialogues.stream().mapToInt(Dialogue::size).sum();
    }

    /** All texts, dialogue by dialogue, turn by turn. */
    List<String> texts() {
        List<String> all = new ArrayList<>();
        dialogues.forEach(d -> all.addAll(d.texts()));
        return all;
    }

    static DialogueCorpus read(Path tsv, String name, List<String> labels) throws IOException {
        CSVFormat format = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setQuote(null)
                .setIgnoreEmptyLines(true).setTrim(false).get();
        Map<String, List<CSVRecord>> byDialogue = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(tsv, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(in, format)) {
            for (String col : List.of("dialogue", "turn", "speaker", "label", "text")) {
                if (!p.getHeaderMap().containsKey(col)) {
                    throw new IOException(tsv + ": header lacks the column '" + col + "'");
                }
            }
            for (CSVRecord r : p) {
                byDialogue.computeIfAbsent(r.get("dialogue"), k -> new ArrayList<>()).add(r);
            }
        }
        List<Dialogue> out = new ArrayList<>();
        for (Map.Entry<String, List<CSVRecord>> e : byDialogue.entrySet()) {
            List<CSVRecord> rows = new ArrayList<>(e.getValue());
            rows.sort((a, b) -> Integer.compare(Integer.parseInt(a.get("turn")), Integer.parseInt(b.get("turn"))));
            int n = rows.size();
            int[] spk = new int[n];
            int[] lab = new int[n];
            List<String> texts = new ArrayList<>();
            Map<String, Integer> speakerIds = new HashMap<>();
            for (int i = 0; i < n; i++) {
                CSVRecord r = rows.get(i);
                String s = r.get("speaker").strip();
                spk[i] = speakerIds.computeIfAbsent(s.isEmpty() ? "?" : s, k -> speakerIds.size());
                lab[i] = labels.indexOf(r.get("label").strip());
                if (lab[i] < 0) {
                    throw new IOException(tsv + ":" + (r.getRecordNumber() + 1) + ": label '" + r.get("label") + "' is not one of " + labels);
                }
                texts.add(r.get("text"));
            }
            out.add(new Dialogue(e.getKey(), spk, lab, List.copyOf(texts)));
        }
        return new DialogueCorpus(name, labels, List.copyOf(out));
    }
}
