package io.github.emotion4j.programs.text;

import ai.djl.nn.Activation;
import io.github.emotion4j.text.tokenize.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The bag-of-word-pieces inputs of the text heads' lexicon: the distinct word-piece ids of a text,
 * their remapping onto the word pieces kept for training, and the expansion of a trained compact
 * lexicon back onto the full vocabulary. Part of {@link TrainTextHeads}.
 */
final class WordPieceLexicon {
    private WordPieceLexicon() {
    }

    /** Distinct word-piece ids of each text, special tokens left out. */
    static int[][] wordPieces(TextTokenizer tok, List<String> texts, long[] special) {
        int[][] out = new int[texts.size()][];
        int step = 2048;
        for (int from = 0; from < texts.size(); from += step) {
            long[][] ids = tok.encode(texts.subList(from, Math.min(texts.size(), from + step)));
            for (int i = 0; i < ids.length; i++) {
                out[from + i] = Arrays.stream(ids[i]).filter(id -> Arrays.stream(special).noneMatch(s -> s == id))
                        .filter(id -> id >= 0 && id < TrainTextHeads.VOCAB).distinct().mapToInt(id -> (int) id).toArray();
            }
        }
        return out;
    }

    static int[][] remap(int[][] lex, int[] compact) {
        int[][] out = new int[lex.length][];
        for (int i = 0; i < lex.length; i++) {
            out[i] = Arrays.stream(lex[i]).map(id -> compact[id]).filter(c -> c >= 0).toArray();
        }
        return out;
    }
}
