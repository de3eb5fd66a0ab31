package io.github.emotion4j.text.classify;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Objects;

/**
 * A trained classifier over sentence embeddings: a {@link DenseHead} ({@code head.bin},
 * {@code head.layers}, {@code head.normalize}) with its labels and activation from the card,
 * optionally plus a <em>lexicon</em>: a linear layer over the set of word-piece ids of the text
 * ({@code lexicon.file}, default {@code lexicon.bin}, and {@code lexicon.layers}, e.g.
 * {@code 30522x7:none}) whose logits are added to the head's. A compact lexicon stores only the
 * columns of the word pieces it learned ({@code lexicon.ids}, a file of their ids, one a line,
 * ascending, and {@code lexicon.vocabulary}): it is spread onto the whole vocabulary when loaded,
 * weight 0 for the rest. The card's {@code encoder} key
 * names the encoder whose embeddings (and tokenizer) it was trained on. Immutable and thread-safe.
 *
 * @param head    the network over the embedding
 * @param lexicon linear layer over word-piece presence, or null
 * @param scores  labels and activation
 * @param info    provenance (engine {@code java})
 * @param encoder id of the encoder it expects, or empty when the card does not say
 */
public record EmbeddingHead(DenseHead head, DenseHead lexicon, LabelScores scores, ModelInfo info, String encoder) {
    /** Checks the components and copies the mutable ones. */
    public EmbeddingHead {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(encoder, "encoder");
        if (head.outputSize() != scores.size()) {
            throw new IllegalArgumentException("head gives " + head.outputSize() + " outputs but has "
                    + scores.size() + " labels");
        }
        if (lexicon != null && (lexicon.layers().size() != 1 || lexicon.outputSize() != scores.size() || lexicon.normalizes())) {
            throw new IllegalArgumentException("lexicon must be one linear layer with " + scores.size() + " outputs");
        }
    }

    /** Card key: the file of word-piece ids of a compact lexicon's columns (one id a line, ascending). */
    public static final String LEXICON_IDS_KEY = "lexicon.ids";
    /** Card key: the vocabulary a compact lexicon is expanded onto (e.g. 30522). */
    public static final String LEXICON_VOCABULARY_KEY = "lexicon.vocabulary";
    /** Largest {@value #LEXICON_VOCABULARY_KEY} accepted (a corrupt card must not allocate gigabytes). */
    static final int MAX_VOCABULARY = 1_000_000;

    /**
     * A compact lexicon ({@value #LEXICON_IDS_KEY}: its columns are only the word pieces it learned)
     * spread onto the whole vocabulary ({@value #LEXICON_VOCABULARY_KEY}), weight 0 for the others:
     * the same logits as a full lexicon, from a file a fraction of its size.
     */
    private static DenseHead expandLexicon(ModelBundle bundle, DenseHead compact) throws ModelLoadException {
        ModelCard card = bundle.card();
        String idsFile = card.property(LEXICON_IDS_KEY).orElseThrow();
        String where = "Model '" + card.id() + "' (" + bundle.origin() + "): ";
        if (!card.files().containsKey(idsFile)) {
            throw new ModelLoadException(where + LEXICON_IDS_KEY + " file '" + idsFile + "' is not listed in files");
        }
        int vocab;
        try {
            vocab = Integer.parseInt(card.property(LEXICON_VOCABULARY_KEY).orElse("").strip());
        } catch (NumberFormatException e) {
            throw new ModelLoadException(where + "a compact lexicon (" + LEXICON_IDS_KEY + ") needs " + LEXICON_VOCABULARY_KEY
                    + ", a whole number, was '" + card.property(LEXICON_VOCABULARY_KEY).orElse("") + "'", bundle.directory(), e);
        }
        DenseHead.Layer first = compact.layers().get(0);
        if (vocab < first.in() || vocab > MAX_VOCABULARY) {
            throw new ModelLoadException(where + LEXICON_VOCABULARY_KEY + "=" + vocab + " must be between the lexicon's "
                    + first.in() + " columns and " + MAX_VOCABULARY, bundle.directory());
        }
        java.nio.file.Path file = bundle.file(idsFile);
        java.util.List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new ModelLoadException(where + "cannot read " + idsFile + ": " + e.getMessage(), file, e);
        }
        DenseHead.Layer layer = compact.layers().get(0);
        if (lines.size() != layer.in()) {
            throw new ModelLoadException(where + idsFile + " has " + lines.size() + " ids for a lexicon of " + layer.in()
                    + " columns", file);
        }
        float[][] w = new float[layer.out()][vocab];
        float[][] cw = layer.weights();
        int previous = -1;
        for (int j = 0; j < lines.size(); j++) {
            int id;
            try {
                id = Integer.parseInt(lines.get(j).strip());
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id <= previous || id >= vocab) {
                throw new ModelLoadException(where + idsFile + " line " + (j + 1) + ": '" + lines.get(j)
                        + "' is not a word-piece id above the previous one and below " + vocab, file);
            }
            previous = id;
            for (int c = 0; c < w.length; c++) {
                w[c][id] = cw[c][j];
            }
        }
        return new DenseHead(null, null, java.util.List.of(new DenseHead.Layer(w, layer.bias(), layer.activation())));
    }

    /** Whether the head also reads the text's word pieces. */
    public boolean usesLexicon() {
        return lexicon != null;
    }

    /** Vocabulary size of the lexicon (0 without one). */
    public int lexiconSize() {
        return lexicon == null ? 0 : lexicon.inputSize();
    }

    /** Loads a head from a model bundle. */
    public static EmbeddingHead load(ModelBundle bundle) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        ModelCard card = bundle.card();
        DenseHead head = DenseHead.load(bundle);
        DenseHead lexicon = null;
        if (card.property("lexicon.layers").isPresent()) {
            String lexFile = card.property("lexicon.file").orElse("lexicon.bin");
            if (!card.files().containsKey(lexFile)) {
                throw new ModelLoadException("Model '" + card.id() + "': lexicon file '" + lexFile + "' is not listed in files");
            }
            lexicon = DenseHead.read(bundle.file(lexFile), card.property("lexicon.layers").get(), false, card.id());
            if (card.property(LEXICON_IDS_KEY).isPresent()) {
                lexicon = expandLexicon(bundle, lexicon);
            }
        }
        LabelScores scores = LabelScores.of(card);
        String file = card.property("head.file").orElse("head.bin");
        ModelInfo info = new ModelInfo(card.id(), card.version(), bundle.sha256(file), "java", "cpu");
        try {
            return new EmbeddingHead(head, lexicon, scores, info, card.property("encoder").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model '" + card.id() + "' (" + bundle.origin() + "): " + e.getMessage(),
                    bundle.directory(), e);
        }
    }

    /** Number of inputs (the embedding dimension). */
    public int inputSize() {
        return head.inputSize();
    }

    /** Per-label probabilities for one embedding (a head without lexicon). */
    public double[] probabilities(float[] embedding) {
        if (lexicon != null) {
            throw new IllegalStateException("head " + info.id() + " also needs the word-piece ids of the text");
        }
        return scores.probabilities(head.forward(embedding));
    }

    /**
     * Per-label probabilities for one embedding and the word-piece ids of the same text (special
     * tokens may be included: ids are only counted once, ids outside the lexicon are ignored).
     *
     * @param wordPieces token ids from the encoder's tokenizer, or null for a head without lexicon
     */
    public double[] probabilities(float[] embedding, long[] wordPieces, long[] ignore) {
        float[] logits = head.forward(embedding);
        if (lexicon != null) {
            Objects.requireNonNull(wordPieces, "wordPieces");
            addLexicon(lexicon, wordPieces, ignore, logits);
        }
        try {
            return scores.probabilities(logits);
        } catch (io.github.emotion4j.core.InferenceException e) {
            throw new io.github.emotion4j.core.InferenceException("Model '" + info.id() + "': " + e.getMessage(), e);
        }
    }

    /** Adds bias + the weight columns of the distinct ids present (binary bag of word pieces). */
    static void addLexicon(DenseHead lexicon, long[] ids, long[] ignore, float[] logits) {
        DenseHead.Layer layer = lexicon.layers().get(0);
        float[][] w = layer.weights();
        float[] b = layer.bias();
        int v = layer.in();
        java.util.BitSet seen = new java.util.BitSet(v);
        for (long id : ignore) {
            if (id >= 0 && id < v) {
                seen.set((int) id);
            }
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] += b[c];
        }
        for (long id : ids) {
            if (id < 0 || id >= v || seen.get((int) id)) {
                continue;
            }
            seen.set((int) id);
            for (int c = 0; c < logits.length; c++) {
                logits[c] += w[c][(int) id];
            }
        }
    }
}
