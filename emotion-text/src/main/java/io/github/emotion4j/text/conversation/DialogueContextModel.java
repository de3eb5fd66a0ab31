package io.github.emotion4j.text.conversation;

import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An EmotionIC-inspired context model for emotion recognition in conversation: over the utterance
 * embeddings of one dialogue it runs speaker-masked multi-head attention (heads that see only the
 * same speaker's turns and heads that see only the other speakers' turns), a dialogue-level GRU
 * over the turns and a classifier with a learned label-transition term (the label predicted for the
 * speaker's own previous turn and for the other speakers' previous turn). Plain Java: no engine,
 * no native library.
 *
 * <p>Every prediction also carries the probabilities of the model's no-context head, trained on the
 * same features (the honest baseline). Causal by default: turn {@code t} sees only turns
 * {@code <= t}, so a live transcript can be scored as it grows; with {@code causal=false} (offline
 * transcripts) the attention also sees later turns and, when the model has one, a bidirectional
 * network runs (the card's {@code nets}); otherwise the causal network runs with attention both ways.
 *
 * <p>Bounds: attention looks at most {@link #window()} turns back (and ahead); the GRU state is
 * constant in size, so time grows as {@code turns x window} and memory as {@code turns} (a few KB
 * per turn). Measured on the project's 2-core machine under heavy load: about 0.5 ms per turn for a
 * 50-turn dialogue, about 1 ms per turn for 10,000 turns (the full 64-turn window). There is no
 * turn limit; callers that take untrusted input should cap the dialogue length themselves.
 *
 * <p>Inputs are the features the card's {@code context.features} names (for the bundled model: the
 * L2-normalised {@code text-minilm-l6-v2-q} sentence embedding, 384 values), one row per turn, and a
 * speaker id per turn (any int; all negative ids are the same unknown speaker). Immutable and
 * thread-safe.
 */
public final class DialogueContextModel {
    /** The bundled model's id. */
    public static final String DEFAULT_ID = "text-dialogue-context";
    /** Id of the context model over the MELD-adapted MiniLM ({@code text.encoder=minilm-meld}). */
    public static final String MELD_ADAPTED_ID = "text-dialogue-context-minilm-meld";
    /** Id of the context model over the MELD-adapted e5-small-v2 ({@code text.encoder=e5-meld}). */
    public static final String E5_MELD_ADAPTED_ID = "text-dialogue-context-e5-meld";

    private final ContextNet causal;
    private final ContextNet bidirectional;
    private final ContextNet base;
    private final LabelSet labels;
    private final ModelInfo info;
    private final String features;
    private final Optional<String> encoderId;

    private DialogueContextModel(ContextNet causal, ContextNet bidirectional, ContextNet base, LabelSet labels,
                                 ModelInfo info, String features, Optional<String> encoderId) {
        this.causal = causal;
        this.bidirectional = bidirectional;
        this.base = base;
        this.labels = labels;
        this.info = info;
        this.features = features;
        this.encoderId = encoderId;
    }

    /**
     * The bundled model from the {@code emotion4j-models} jar (checked against its card's SHA-256).
     *
     * @throws ModelLoadException when the models jar is missing or a file is damaged
     */
    public static DialogueContextModel loadDefault() throws ModelLoadException {
        return load(ModelLocator.fromClasspath(DEFAULT_ID));
    }

    /**
     * A context model from a located (checksum-verified) model folder.
     *
     * @throws ModelLoadException when the card is inconsistent or the weights do not fit it
     */
    public static DialogueContextModel load(ModelBundle bundle) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        ModelCard card = bundle.card();
        String where = "Model '" + card.id() + "' (" + bundle.origin() + ")";
        String file = card.property("weights.file").orElse("weights.bin");
        if (!card.files().containsKey(file)) {
            throw new ModelLoadException(where + ": weights file '" + file + "' is not listed in files");
        }
        Map<String, ContextWeights.Tensor> w;
        try (InputStream in = Files.newInputStream(bundle.file(file))) {
            w = ContextWeights.read(in);
        } catch (IOException e) {
            throw new ModelLoadException(where + ": cannot read " + file + ": " + e.getMessage(), bundle.file(file), e);
        }
        try {
            LabelSet labels = card.labelSetOrParsed();
            int d = Integer.parseInt(required(card, "context.inputSize"));
            int window = Integer.parseInt(card.property("context.window").orElse("64"));
            List<String> nets = Arrays.asList(required(card, "nets").split(","));
            ContextNet causal = null;
            ContextNet bi = null;
            ContextNet base = null;
            for (String n : nets) {
                String name = n.strip();
                String p = "net." + name + ".";
                ContextNet net = new ContextNet(name, d, Integer.parseInt(required(card, p + "hidden")), labels.size(),
                        Integer.parseInt(card.property(p + "sameHeads").orElse("0")),
                        Integer.parseInt(card.property(p + "otherHeads").orElse("0")),
                        Boolean.parseBoolean(card.property(p + "identityMasking").orElse("true")),
                        Boolean.parseBoolean(card.property(p + "gru").orElse("false")),
                        Boolean.parseBoolean(card.property(p + "bidirectional").orElse("false")),
                        Boolean.parseBoolean(card.property(p + "labelTransition").orElse("false")), window, w);
                String role = required(card, p + "role");
                switch (role) {
                    case "context" -> causal = net;
                    case "bidirectional" -> bi = net;
                    case "baseline" -> base = net;
                    default -> throw new IllegalArgumentException(p + "role must be context, bidirectional or baseline, was " + role);
                }
            }
            if (causal == null || base == null) {
                throw new IllegalArgumentException("nets must include a context and a baseline net, were " + nets);
            }
            ModelInfo info = new ModelInfo(card.id(), card.version(), bundle.sha256(file), "java", "cpu");
            return new DialogueContextModel(causal, bi, base, labels, info, card.property("context.features").orElse(""),
                    card.property("encoder").map(String::strip).filter(x -> !x.isEmpty()));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + ": " + e.getMessage(), bundle.directory(), e);
        }
    }

    private static String required(ModelCard card, String key) {
        return card.property(key).orElseThrow(() -> new IllegalArgumentException("card lacks '" + key + "'"));
    }

    /** Width of one utterance row. */
    public int inputSize() {
        return causal.d;
    }

    /** Turns the attention looks back (and, not causal, ahead), the current one included. */
    public int window() {
        return causal.window;
    }

    /** Output labels, in probability order. */
    public List<Emotion> labels() {
        return labels.emotions();
    }

    /** What the input rows are, as the card says (e.g. {@code text-minilm-l6-v2-q}). */
    public String features() {
        return features;
    }

    /**
     * The id of the text encoder whose sentence embeddings this model reads (card key
     * {@code encoder}, e.g. {@code text-minilm-l6-v2-q}); empty when the card does not say.
     */
    public Optional<String> encoderId() {
        return encoderId;
    }

    /** Whether {@code causal=false} runs a network trained bidirectionally. */
    public boolean hasBidirectionalNet() {
        return bidirectional != null;
    }

    /** Provenance: id, version, SHA-256 of the weights. */
    public ModelInfo info() {
        return info;
    }

    /**
     * Per-turn probabilities with and without context.
     *
     * @param utteranceEmbeddings one row of {@link #inputSize()} finite values per turn, in order
     * @param speakerIds          one speaker id per turn (negative: unknown speaker)
     * @param causal              true: each turn sees only earlier turns; false: the whole dialogue
     * @throws DialogueInputException when there are no turns, a row has the wrong width or a
     *                                non-finite value, or the speaker ids do not match the turns
     */
    public Result predict(float[][] utteranceEmbeddings, int[] speakerIds, boolean causal) {
        Objects.requireNonNull(utteranceEmbeddings, "utteranceEmbeddings");
        Objects.requireNonNull(speakerIds, "speakerIds");
        int n = utteranceEmbeddings.length;
        if (n == 0) {
            throw new DialogueInputException("the dialogue has no turns");
        }
        if (speakerIds.length != n) {
            throw new DialogueInputException(speakerIds.length + " speaker ids for " + n + " turns");
        }
        float[][] x = new float[n][];
        int[] spk = new int[n];
        for (int t = 0; t < n; t++) {
            float[] row = utteranceEmbeddings[t];
            if (row == null || row.length != inputSize()) {
                throw new DialogueInputException("turn " + t + " has " + (row == null ? "no" : row.length + " values")
                        + "; the model takes " + inputSize() + " (" + features + ")");
            }
            for (int i = 0; i < row.length; i++) {
                if (!Float.isFinite(row[i])) {
                    throw new DialogueInputException("turn " + t + " value " + i + " is " + row[i]);
                }
            }
            x[t] = row.clone();
            spk[t] = Math.max(-1, speakerIds[t]);
        }
        ContextNet net = causal ? this.causal : (bidirectional != null ? bidirectional : this.causal);
        float[][] ctx = softmax(net.logits(x, spk, causal));
        float[][] alone = softmax(base.logits(x, spk, true));
        List<String> warnings = new ArrayList<>();
        if (n == 1) {
            warnings.add("a single turn: the context model has no context to use");
        }
        if (!causal && bidirectional == null) {
            warnings.add("no bidirectional net in this model: the causal net ran with attention over later turns too");
        }
        return new Result(labels.emotions(), ctx, alone, causal, info, warnings);
    }

    private static float[][] softmax(float[][] logits) {
        float[][] out = new float[logits.length][];
        for (int t = 0; t < logits.length; t++) {
            float[] l = logits[t];
            float max = Float.NEGATIVE_INFINITY;
            for (float v : l) {
                max = Math.max(max, v);
            }
            double sum = 0;
            float[] p = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                p[i] = (float) Math.exp(l[i] - max);
                sum += p[i];
            }
            for (int i = 0; i < l.length; i++) {
                p[i] = (float) (p[i] / sum);
            }
            out[t] = p;
        }
        return out;
    }

    /** Raw logits of the context net (tests compare them with the training graph). */
    float[][] contextLogits(float[][] x, int[] speakers, boolean causal) {
        return (causal || bidirectional == null ? this.causal : bidirectional).logits(x, speakers, causal);
    }

    /**
     * Per-turn probabilities of one dialogue. Immutable.
     *
     * @param labels         output labels, the order of every probability row
     * @param withContext    per turn the context model's probabilities
     * @param withoutContext per turn the no-context head's probabilities (same features)
     * @param causal         whether only earlier turns were seen
     * @param model          provenance
     * @param warnings       e.g. a single-turn dialogue
     */
    public record Result(List<Emotion> labels, float[][] withContext, float[][] withoutContext, boolean causal,
                         ModelInfo model, List<String> warnings) {
        /** Copies every array. */
        public Result {
            labels = List.copyOf(labels);
            withContext = deepCopy(withContext);
            withoutContext = deepCopy(withoutContext);
            Objects.requireNonNull(model, "model");
            warnings = List.copyOf(warnings);
        }

        @Override
        public float[][] withContext() {
            return deepCopy(withContext);
        }

        @Override
        public float[][] withoutContext() {
            return deepCopy(withoutContext);
        }

        /** Number of turns. */
        public int turns() {
            return withContext.length;
        }

        /** The most probable label of a turn with context. */
        public Emotion top(int turn) {
            return labels.get(ContextNet.argmax(withContext[turn]));
        }

        /** The most probable label of a turn without context. */
        public Emotion topWithoutContext(int turn) {
            return labels.get(ContextNet.argmax(withoutContext[turn]));
        }

        /** The probability of a label at a turn with context, empty when the model has no such label. */
        public Optional<Float> probability(int turn, Emotion e) {
            int i = labels.indexOf(e);
            return i < 0 ? Optional.empty() : Optional.of(withContext[turn][i]);
        }

        private static float[][] deepCopy(float[][] a) {
            float[][] c = new float[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && labels.equals(r.labels) && Arrays.deepEquals(withContext, r.withContext)
                    && Arrays.deepEquals(withoutContext, r.withoutContext) && causal == r.causal && model.equals(r.model)
                    && warnings.equals(r.warnings);
        }

        @Override
        public int hashCode() {
            return Objects.hash(labels, Arrays.deepHashCode(withContext), Arrays.deepHashCode(withoutContext), causal, model);
        }

        @Override
        public String toString() {
            return "Result[" + withContext.length + " turns, causal=" + causal + ", model=" + model.id() + "]";
        }
    }
}
