package io.github.emotion4j.programs.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GoEmotions split read from its TSV (text, comma-separated label ids, comment id).
 *
 * @param texts  the comments
 * @param labels label ids of each comment
 * @param ids    comment ids
 * @param names  label names in id order ({@code labels.txt})
 */
record GoEmotions(List<String> texts, List<int[]> labels, List<String> ids, List<String> names) {

    static GoEmotions read(Path tsv, Path labelsTxt) throws IOException {
        List<String> names = Files.readAllLines(labelsTxt, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int line = 0;
        for (String row : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            line++;
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.split("\t");
            if (f.length < 2) {
                throw new IOException(tsv + ":" + line + ": expected text<TAB>label ids<TAB>id");
            }
            texts.add(f[0]);
            labels.add(Arrays.stream(f[1].split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
            ids.add(f.length > 2 ? f[2] : String.valueOf(line));
        }
        return new GoEmotions(texts, labels, ids, names);
    }

    int size() {
        return texts.size();
    }
}
