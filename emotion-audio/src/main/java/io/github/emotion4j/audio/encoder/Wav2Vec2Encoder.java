package io.github.emotion4j.audio.encoder;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.engine.InferenceSession;
import io.github.emotion4j.core.engine.Tensor;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter for user-supplied wav2vec2/HuBERT-style encoders (ONNX or TorchScript) that take the
 * raw 16 kHz waveform. Two contracts, told apart by the card's input name or
 * {@code encoder.contract}:
 * <ul>
 *   <li>{@code audeering-dim}: the audEERING {@code wav2vec2-large-robust-12-ft-emotion-msp-dim}
 *       export: input {@code signal} [1, samples], outputs {@code hidden_states} [1, dim] and
 *       {@code logits} [1, 3] = arousal, dominance, valence in about [0, 1] (the order comes
 *       from the card's {@code labels}), mapped to {@link Dimensions};</li>
 *   <li>{@code hf}: a Hugging Face export: {@code input_values} [batch, samples] to
 *       {@code last_hidden_state} [batch, frames, dim], pooled over frames by
 *       {@code encoder.pooling=mean} (default) or {@code attentive} (weights
 *       {@code encoder.attention.file}: float32 little-endian w[dim] then bias).</li>
 * </ul>
 * A classification head ({@code head.layers}, {@code head.bin}, e.g. trained with
 * {@code io.github.emotion4j.training.head.HeadTrainer} on this encoder's embeddings) turns the
 * pooled embedding into a distribution over the card's {@code labels}/{@code labelSet}. Long input
 * is cut into windows ({@code encoder.chunkSeconds}, default 10, {@code encoder.overlapSeconds},
 * default 1) and the outputs averaged; input shorter than {@code encoder.minSamples} (default
 * 400) is zero-padded. {@code preprocess.normalize=true} standardises each window to zero mean
 * and unit variance first, as Wav2Vec2FeatureExtractor does. Loading encodes a fixed 1 s tone
 * once and refuses missing or non-finite outputs with a {@link ModelLoadException}; at prediction
 * time they are an {@link InferenceException}. Thread-safe.
 */
public final class Wav2Vec2Encoder {
    /** The two supported contracts. */
    public enum Contract { AUDEERING_DIMENSIONS, HF_HIDDEN_STATES }

    /** Frame pooling for the Hugging Face contract. */
    public enum Pooling { MEAN, ATTENTIVE }

    private final ModelCard card;
    private final InferenceSession session;
    private final Contract contract;
    private final Pooling pooling;
    private final float[] attention;
    private final Chunker chunker;
    private final int minSamples;
    private final boolean normalize;
    private final DenseHead head;
    private final LabelSet labels;
    private final int[] dimIndex;
    private final ModelInfo info;

    private Wav2Vec2Encoder(ModelCard card, InferenceSession session, Contract contract, Pooling pooling, float[] attention,
                            Chunker chunker, int minSamples, boolean normalize, DenseHead head, LabelSet labels,
                            int[] dimIndex, ModelInfo info) {
        this.card = card;
        this.session = session;
        this.contract = contract;
        this.pooling = pooling;
        this.attention = attention;
        this.chunker = chunker;
        this.minSamples = minSamples;
        this.normalize = normalize;
        this.head = head;
        this.labels = labels;
        this.dimIndex = dimIndex;
        this.info = info;
    }

    /** Loads an encoder with the runtime's engine choice. */
    public static Wav2Vec2Encoder load(ModelBundle bundle, EngineRuntime runtime) throws ModelLoadException {
        return load(bundle, runtime, Optional.empty());
    }

    /**
     * Loads an encoder.
     *
     * @param engine a given engine, or empty for the runtime's choice
     */
    public static Wav2Vec2Encoder load(ModelBundle bundle, EngineRuntime runtime, Optional<EngineKind> engine)
            throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        ModelCard card = bundle.card();
        String id = card.id();
        Contract contract = contract(card);
        InferenceSession session = engine.isPresent() ? runtime.session(bundle, engine.get()) : runtime.session(bundle);
        Pooling pooling;
        try {
            pooling = Pooling.valueOf(card.property("encoder.pooling").orElse("mean").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model '" + id + "': encoder.pooling must be mean or attentive");
        }
        float[] attention = null;
        if (contract == Contract.HF_HIDDEN_STATES && pooling == Pooling.ATTENTIVE) {
            String f = card.property("encoder.attention.file").orElseThrow(() -> new ModelLoadException("Model '" + id
                    + "': encoder.pooling=attentive needs encoder.attention.file (float32 w[dim] + bias)"));
            attention = readFloats(bundle.file(f), id);
        }
        double chunkSeconds = Double.parseDouble(card.property("encoder.chunkSeconds").orElse("10"));
        double overlap = Double.parseDouble(card.property("encoder.overlapSeconds").orElse("1"));
        Chunker chunker = Chunker.ofSeconds(chunkSeconds, Math.min(overlap, chunkSeconds / 2));
        int minSamples = Integer.parseInt(card.property("encoder.minSamples").orElse("400"));
        boolean normalize = Boolean.parseBoolean(card.property("preprocess.normalize").orElse("false"));
        DenseHead head = null;
        LabelSet labels = null;
        if (card.property("head.layers").isPresent()) {
            head = DenseHead.load(bundle);
            try {
                labels = card.labelSetOrParsed();
            } catch (RuntimeException e) {
                throw new ModelLoadException("Model '" + id + "': head labels: " + e.getMessage(), null, e);
            }
            if (labels.size() != head.outputSize()) {
                throw new ModelLoadException("Model '" + id + "': " + labels.size() + " labels but the head gives "
                        + head.outputSize() + " outputs");
            }
        }
        int[] dimIndex = null;
        if (contract == Contract.AUDEERING_DIMENSIONS) {
            List<String> l = card.labels().isEmpty() ? List.of("arousal", "dominance", "valence") : card.labels();
            dimIndex = new int[] {l.indexOf("valence"), l.indexOf("arousal"), l.indexOf("dominance")};
            for (int i : dimIndex) {
                if (i < 0) {
                    throw new ModelLoadException("Model '" + id + "': labels must name arousal, dominance and valence in"
                            + " output order, were " + l);
                }
            }
        }
        String modelFile = bundle.card().fileOf(session.engine().format()).orElse("");
        ModelInfo info = new ModelInfo(id, card.version(), modelFile.isEmpty() ? "" : bundle.sha256(modelFile),
                session.engine().displayName(), session.device());
        Wav2Vec2Encoder encoder = new Wav2Vec2Encoder(card, session, contract, pooling, attention, chunker, minSamples,
                normalize, head, labels, dimIndex, info);
        encoder.smokeTest();
        return encoder;
    }

    /** One second of a quiet 220 Hz tone: the fixed input of the load-time check. */
    static float[] smokeSignal() {
        float[] x = new float[16_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return x;
    }

    /** Encodes {@link #smokeSignal()} once; refuses a model whose outputs are missing or not finite. */
    private void smokeTest() throws ModelLoadException {
        try {
            encode(smokeSignal());
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + card.id() + "': " + session.describeFile()
                    + " fails the load-time check on a fixed 1 s tone: "
                    + e.getMessage(), session.modelFile(), e);
        }
    }

    private static Contract contract(ModelCard card) throws ModelLoadException {
        Optional<String> explicit = card.property("encoder.contract");
        if (explicit.isPresent()) {
            return switch (explicit.get().strip().toLowerCase(Locale.ROOT)) {
                case "audeering-dim", "audeering" -> Contract.AUDEERING_DIMENSIONS;
                case "hf", "huggingface" -> Contract.HF_HIDDEN_STATES;
                default -> throw new ModelLoadException("Model '" + card.id() + "': encoder.contract must be audeering-dim or hf");
            };
        }
        List<String> in = card.inputs().stream().map(TensorSpec::name).toList();
        if (in.contains("signal")) {
            return Contract.AUDEERING_DIMENSIONS;
        } else if (in.contains("input_values")) {
            return Contract.HF_HIDDEN_STATES;
        }
        throw new ModelLoadException("Model '" + card.id() + "': not a wav2vec2-style encoder: inputs " + in
                + " name neither 'signal' (audEERING) nor 'input_values' (Hugging Face)");
    }

    private static float[] readFloats(java.nio.file.Path file, String id) throws ModelLoadException {
        try {
            byte[] b = Files.readAllBytes(file);
            float[] f = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        } catch (IOException e) {
            throw new ModelLoadException("Model '" + id + "': cannot read " + file + ": " + e.getMessage(), file, e);
        }
    }

    /** The contract in use. */
    public Contract contract() {
        return contract;
    }

    /** The chunking. */
    public Chunker chunker() {
        return chunker;
    }

    /** The same encoder with other windows (e.g. shorter ones for a model with a high frame rate). */
    public Wav2Vec2Encoder withChunker(Chunker chunker) {
        return new Wav2Vec2Encoder(card, session, contract, pooling, attention, Objects.requireNonNull(chunker, "chunker"),
                minSamples, normalize, head, labels, dimIndex, info);
    }

    /** Whether the card carries a classification head. */
    public boolean hasHead() {
        return head != null;
    }

    /** Provenance. */
    public ModelInfo info() {
        return info;
    }

    /** Encodes 16 kHz mono samples (chunked when long). */
    public EncoderOutput encode(float[] samples) {
        Objects.requireNonNull(samples, "samples");
        float[] x = samples.length >= minSamples ? samples : java.util.Arrays.copyOf(samples, minSamples);
        List<Chunker.Window> windows = chunker.windows(x.length);
        double[] emb = null;
        double[] dims = new double[3];
        double total = 0;
        for (Chunker.Window w : windows) {
            float[] chunk = java.util.Arrays.copyOfRange(x, w.start(), w.start() + w.length());
            if (normalize) {
                standardise(chunk);
            }
            double weight = w.length();
            float[] e;
            if (contract == Contract.AUDEERING_DIMENSIONS) {
                Map<String, Tensor> out = session.run(Map.of("signal", Tensor.of(chunk, 1, chunk.length)));
                Tensor h = require(out, "hidden_states");
                Tensor l = require(out, "logits");
                e = h.floats();
                float[] lv = l.floats();
                if (lv.length < 3) {
                    throw new InferenceException("Model '" + card.id() + "': logits has " + lv.length + " values, expected 3");
                }
                for (int k = 0; k < 3; k++) {
                    dims[k] += weight * lv[dimIndex[k]];
                }
            } else {
                Map<String, Tensor> out = session.run(Map.of("input_values", Tensor.of(chunk, 1, chunk.length)));
                Tensor h = require(out, "last_hidden_state");
                if (h.rank() != 3) {
                    throw new InferenceException("Model '" + card.id() + "': last_hidden_state has rank " + h.rank()
                            + ", expected [batch, frames, dim]");
                }
                e = pool(h.floats(), (int) h.dim(1), (int) h.dim(2));
            }
            if (emb == null) {
                emb = new double[e.length];
            }
            for (int k = 0; k < e.length; k++) {
                emb[k] += weight * e[k];
            }
            total += weight;
        }
        float[] embedding = new float[emb.length];
        boolean finite = Double.isFinite(dims[0]) && Double.isFinite(dims[1]) && Double.isFinite(dims[2]);
        for (int k = 0; k < emb.length; k++) {
            embedding[k] = (float) (emb[k] / total);
            finite &= Float.isFinite(embedding[k]);
        }
        if (!finite) {
            throw new InferenceException("Model '" + card.id() + "' (" + session.modelFile().getFileName()
                    + ") gave non-finite outputs (damaged weights?)");
        }
        Optional<Dimensions> d = Optional.empty();
        if (contract == Contract.AUDEERING_DIMENSIONS) {
            d = Optional.of(Dimensions.fromUnitScale(dims[0] / total, dims[1] / total, dims[2] / total));
        }
        Optional<EmotionDistribution> dist = Optional.empty();
        if (head != null) {
            dist = Optional.of(labels.toDistribution(DenseHead.softmax(head.forward(embedding))));
        }
        return new EncoderOutput(embedding, d, dist, windows.size());
    }

    private Tensor require(Map<String, Tensor> out, String name) {
        Tensor t = out.get(name);
        if (t == null) {
            throw new InferenceException("Model '" + card.id() + "' returned " + out.keySet() + " but no '" + name + "'");
        }
        return t;
    }

    private float[] pool(float[] h, int frames, int dim) {
        float[] out = new float[dim];
        if (frames == 0) {
            return out;
        }
        if (pooling == Pooling.MEAN || attention == null) {
            for (int f = 0; f < frames; f++) {
                for (int k = 0; k < dim; k++) {
                    out[k] += h[f * dim + k];
                }
            }
            for (int k = 0; k < dim; k++) {
                out[k] /= frames;
            }
            return out;
        }
        if (attention.length < dim) {
            throw new InferenceException("Model '" + card.id() + "': attention weights have " + attention.length
                    + " values but the hidden size is " + dim);
        }
        double bias = attention.length > dim ? attention[dim] : 0;
        double[] score = new double[frames];
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < frames; f++) {
            double s = bias;
            for (int k = 0; k < dim; k++) {
                s += attention[k] * h[f * dim + k];
            }
            score[f] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int f = 0; f < frames; f++) {
            score[f] = Math.exp(score[f] - max);
            sum += score[f];
        }
        for (int f = 0; f < frames; f++) {
            double a = score[f] / sum;
            for (int k = 0; k < dim; k++) {
                out[k] += (float) (a * h[f * dim + k]);
            }
        }
        return out;
    }

    private static void standardise(float[] x) {
        double m = 0;
        for (float v : x) {
            m += v;
        }
        m /= x.length;
        double s = 0;
        for (float v : x) {
            s += (v - m) * (v - m);
        }
        double sd = Math.sqrt(s / x.length + 1e-7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((x[i] - m) / sd);
        }
    }
}
