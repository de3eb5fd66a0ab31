package io.github.emotion4j.text.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.model.Checksums;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compact lexicon ({@code lexicon.ids}: only the columns of the word pieces it learned) gives the
 * probabilities of the same lexicon stored over the whole vocabulary; a bad ids file is a typed error
 * naming the file and line.
 */
class CompactLexiconTest {
    static final int VOCAB = 12;
    static final int[] IDS = {1, 4, 7, 11};
    static final String LABELS = "anger,disgust,fear,joy,neutral,sadness,surprise";
    @TempDir
    Path dir;

    static float[][] random(int rows, int cols, Random rnd) {
        float[][] w = new float[rows][cols];
        for (float[] r : w) {
            for (int i = 0; i < cols; i++) {
                r[i] = (float) rnd.nextGaussian();
            }
        }
        return w;
    }

    static void write(Path file, DenseHead h) throws Exception {
        try (OutputStream o = Files.newOutputStream(file)) {
            h.write(o);
        }
    }

    /** A head folder; {@code ids} null: the full lexicon, else the compact one with that ids file text. */
    Path folder(String name, String ids) throws Exception {
        Random rnd = new Random(3);
        DenseHead head = new DenseHead(null, null, List.of(new DenseHead.Layer(random(7, 4, rnd), new float[7], DenseHead.Activation.NONE)));
        float[][] compact = random(7, IDS.length, rnd);
        float[] bias = random(1, 7, rnd)[0];
        float[][] full = new float[7][VOCAB];
        for (int c = 0; c < 7; c++) {
            for (int j = 0; j < IDS.length; j++) {
                full[c][IDS[j]] = compact[c][j];
            }
        }
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        write(d.resolve("head.bin"), head);
        write(d.resolve("lexicon.bin"), new DenseHead(null, null,
                List.of(new DenseHead.Layer(ids == null ? full : compact, bias, DenseHead.Activation.NONE))));
        StringBuilder card = new StringBuilder("id=" + name + "\nversion=1\ntask=classification\nmodality=TEXT\n");
        card.append("files=head.bin,lexicon.bin").append(ids == null ? "" : ",lexicon-ids.txt").append('\n');
        card.append("format.head.bin=RAW\nformat.lexicon.bin=RAW\n");
        card.append("sha256.head.bin=").append(Checksums.sha256(d.resolve("head.bin"))).append('\n');
        card.append("sha256.lexicon.bin=").append(Checksums.sha256(d.resolve("lexicon.bin"))).append('\n');
        card.append("head.layers=4x7:none\nlexicon.file=lexicon.bin\n");
        card.append("lexicon.layers=").append(ids == null ? VOCAB : IDS.length).append("x7:none\n");
        if (ids != null) {
            Files.writeString(d.resolve("lexicon-ids.txt"), ids);
            card.append("format.lexicon-ids.txt=RAW\nsha256.lexicon-ids.txt=").append(Checksums.sha256(d.resolve("lexicon-ids.txt")))
                    .append("\nlexicon.ids=lexicon-ids.txt\nlexicon.vocabulary=").append(VOCAB).append('\n');
        }
        card.append("labels=").append(LABELS).append("\nlabelSet=GOEMOTIONS_EKMAN\nactivation=softmax\n");
        Files.writeString(d.resolve("model.properties"), card);
        return d;
    }

    @Test
    void aCompactLexiconGivesTheFullOnesProbabilities() throws Exception {
        EmbeddingHead full = EmbeddingHead.load(ModelLocator.fromDirectory(folder("full", null)));
        EmbeddingHead compact = EmbeddingHead.load(ModelLocator.fromDirectory(folder("compact", "1\n4\n7\n11\n")));
        assertTrue(compact.lexiconSize() == VOCAB);
        float[] x = {0.3f, -1f, 0.5f, 2f};
        for (long[] ids : new long[][] {{1, 4}, {7, 11, 2}, {0, 3, 5}, {}, {11, 11, 1}}) {
            double[] a = full.probabilities(x, ids, new long[0]);
            assertArrayEquals(a, compact.probabilities(x, ids, new long[0]), 0.0);
        }
        // the lexicon matters: present word pieces move the probabilities
        double[] none = compact.probabilities(x, new long[0], new long[0]);
        double[] some = compact.probabilities(x, new long[] {4}, new long[0]);
        assertTrue(Math.abs(none[0] - some[0]) > 1e-4);
    }

    @Test
    void aBadIdsFileIsATypedErrorNamingItsLine() throws Exception {
        for (String bad : List.of("1\n4\n7\n", "1\n7\n4\n11\n", "1\n4\n7\n12\n", "1\n4\nseven\n11\n", "1\n4\n4\n11\n")) {
            Path d = folder("bad" + Math.abs(bad.hashCode()), bad);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> EmbeddingHead.load(ModelLocator.fromDirectory(d)), bad);
            assertTrue(e.getMessage().contains("lexicon-ids.txt"), e.getMessage());
        }
    }

    @Test
    void aBadVocabularySizeIsATypedErrorNotAHugeAllocation() throws Exception {
        for (String bad : List.of("-5", "2", "2000000000", "many")) {
            Path d = folder("vocab" + Math.abs(bad.hashCode()), "1\n4\n7\n11\n");
            Path card = d.resolve("model.properties");
            Files.writeString(card, Files.readString(card).replace("lexicon.vocabulary=" + VOCAB, "lexicon.vocabulary=" + bad));
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> EmbeddingHead.load(ModelLocator.fromDirectory(d)), bad);
            assertTrue(e.getMessage().contains("lexicon.vocabulary"), e.getMessage());
        }
    }
}
