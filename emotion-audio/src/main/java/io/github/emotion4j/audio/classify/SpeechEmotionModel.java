package io.github.emotion4j.audio.classify;

import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.LabelSet;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import java.util.Objects;
import java.util.Optional;

/**
 * The project's trained speech emotion classifier: prosodic features ({@link ProsodyExtractor})
 * into a small {@link DenseHead} (standardisation inside), softmax over the card's labels,
 * folded into canonical emotions by its label set. Evaluated in plain Java. Immutable and
 * thread-safe.
 *
 * <p>A model folder may hold two more heads on the same features, trained with the same settings:
 * a <em>speaker-normalised</em> head ({@code head.speaker.file}, {@code head.speaker.layers}) for
 * features already standardised by one speaker's own statistics (a long recording's), and an
 * <em>enrolled</em> head ({@code head.enrolled.file}, {@code head.enrolled.layers}) for features
 * minus a {@link SpeakerBaseline}. Without them those normalisations are unavailable and the
 * corpus head is used.
 *
 * <p>It may also hold <em>channel experts</em>: {@code head.channel.experts} names them (e.g.
 * {@code telephone,noisy}), each a head {@code head.<name>.file} / {@code head.<name>.layers}
 * trained on the features of speech under that condition, and {@code head.channel.file} /
 * {@code head.channel.layers} a gate on the same features whose outputs are {@code clean} and the
 * experts in that order. The class probabilities ({@link #probabilities(FeatureVector)}) are then
 * the mixture of the corpus head's (clean) and the experts' probabilities weighted by the gate's
 * softmax, so a small change of the input never flips the answer from one head to another.
 */
public final class SpeechEmotionModel {
    /** Id of the default bundled model (7 EmoDB classes). */
    public static final String DEFAULT_ID = "audio-emodb-7class";
    /** Id of the bundled 4-class model (anger, happiness, neutral, sadness). */
    public static final String FOUR_CLASS_ID = "audio-emodb-4class";

    private final DenseHead head;
    private final Optional<DenseHead> speakerHead;
    private final Optional<DenseHead> enrolledHead;
    private final LabelSet labels;
    private final CorpusStats stats;
    private final ModelInfo info;
    private final Optional<DenseHead> gate;
    private final java.util.List<String> channels;
    private final java.util.List<DenseHead> experts;

    private SpeechEmotionModel(DenseHead head, Optional<DenseHead> speakerHead, Optional<DenseHead> enrolledHead,
                               LabelSet labels, CorpusStats stats, ModelInfo info, Optional<DenseHead> gate,
                               java.util.List<String> channels, java.util.List<DenseHead> experts) {
        this.gate = gate;
        this.channels = java.util.List.copyOf(channels);
        this.experts = java.util.List.copyOf(experts);
        this.head = head;
        this.speakerHead = speakerHead;
        this.enrolledHead = enrolledHead;
        this.labels = labels;
        this.stats = stats;
        this.info = info;
    }

    /** Loads a model folder written by {@code EmoDbTrainer}. */
    public static SpeechEmotionModel load(ModelBundle bundle) throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        String id = bundle.card().id();
        String features = bundle.card().property("features").orElse("");
        if (!features.equals("prosody-v1")) {
            throw new ModelLoadException("Model '" + id + "' (" + bundle.origin() + ") expects features '" + features
                    + "'; this version of emotion-audio computes 'prosody-v1'");
        }
        DenseHead head = DenseHead.load(bundle);
        if (head.inputSize() != ProsodyExtractor.FEATURE_NAMES.size()) {
            throw new ModelLoadException("Model '" + id + "': head takes " + head.inputSize() + " inputs but there are "
                    + ProsodyExtractor.FEATURE_NAMES.size() + " prosody features");
        }
        LabelSet labels;
        try {
            labels = bundle.card().labelSetOrParsed();
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + id + "': bad labels: " + e.getMessage(), null, e);
        }
        if (labels.size() != head.outputSize()) {
            throw new ModelLoadException("Model '" + id + "': " + labels.size() + " labels but the head gives "
                    + head.outputSize() + " outputs");
        }
        CorpusStats stats = bundle.card().files().containsKey("corpus-stats.properties")
                ? CorpusStats.read(bundle.file("corpus-stats.properties")) : new CorpusStats(java.util.Map.of());
        ModelInfo info = new ModelInfo(id, bundle.card().version(), bundle.sha256(
                bundle.card().property("head.file").orElse("head.bin")), "java", "cpu");
        Optional<DenseHead> speaker = extraHead(bundle, "speaker", head);
        Optional<DenseHead> enrolled = extraHead(bundle, "enrolled", head);
        java.util.List<String> channels = new java.util.ArrayList<>(java.util.List.of("clean"));
        java.util.List<DenseHead> experts = new java.util.ArrayList<>();
        Optional<DenseHead> gate = Optional.empty();
        Optional<String> names = bundle.card().property("head.channel.experts");
        if (names.isPresent()) {
            for (String n : names.get().split(",")) {
                String name = n.trim();
                if (!name.matches("[a-z][a-z0-9]*") || name.equals("clean") || name.equals("channel")
                        || name.equals("speaker") || name.equals("enrolled") || channels.contains(name)) {
                    throw new ModelLoadException("Model '" + id + "': bad channel expert name '" + name
                            + "' in head.channel.experts");
                }
                channels.add(name);
                experts.add(extraHead(bundle, name, head).orElseThrow(() -> new ModelLoadException("Model '" + id
                        + "': channel expert '" + name + "' needs head." + name + ".file")));
            }
            String spec = bundle.card().property("head.channel.layers").orElseThrow(() -> new ModelLoadException(
                    "Model '" + id + "': head.channel.experts without head.channel.layers"));
            DenseHead g = DenseHead.read(bundle.file(bundle.card().property("head.channel.file").orElseThrow(() ->
                    new ModelLoadException("Model '" + id + "': head.channel.experts without head.channel.file"))),
                    spec, true, id);
            if (g.inputSize() != head.inputSize() || g.outputSize() != channels.size()) {
                throw new ModelLoadException("Model '" + id + "': the channel gate is " + g.inputSize() + "x"
                        + g.outputSize() + " but needs " + head.inputSize() + "x" + channels.size() + " (" + channels + ")");
            }
            gate = Optional.of(g);
        }
        return new SpeechEmotionModel(head, speaker, enrolled, labels, stats, info, gate, channels, experts);
    }

    private static Optional<DenseHead> extraHead(ModelBundle bundle, String kind, DenseHead main) throws ModelLoadException {
        Optional<String> file = bundle.card().property("head." + kind + ".file");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String id = bundle.card().id();
        String spec = bundle.card().property("head." + kind + ".layers").orElseThrow(() -> new ModelLoadException(
                "Model '" + id + "': head." + kind + ".file without head." + kind + ".layers"));
        DenseHead h = DenseHead.read(bundle.file(file.get()), spec, true, id);
        if (h.inputSize() != main.inputSize() || h.outputSize() != main.outputSize()) {
            throw new ModelLoadException("Model '" + id + "': the " + kind + " head is " + h.inputSize() + "x"
                    + h.outputSize() + " but the main head " + main.inputSize() + "x" + main.outputSize());
        }
        return Optional.of(h);
    }

    /** Whether the model has a head for features standardised by a speaker's (a recording's) own statistics. */
    public boolean hasSpeakerNormalizedHead() {
        return speakerHead.isPresent();
    }

    /** Whether the model has a head for features shifted by a {@link SpeakerBaseline}. */
    public boolean hasEnrolledHead() {
        return enrolledHead.isPresent();
    }

    /**
     * Class probabilities of features standardised by one speaker's own mean and standard
     * deviation (see {@link #hasSpeakerNormalizedHead()}).
     *
     * @throws IllegalStateException when the model has no such head
     */
    public double[] probabilitiesSpeakerNormalized(float[] standardized) {
        Objects.requireNonNull(standardized, "standardized");
        return DenseHead.softmax(speakerHead.orElseThrow(() -> new IllegalStateException("model " + info.id()
                + " has no speaker-normalised head")).forward(standardized));
    }

    /**
     * Class probabilities of features judged against a speaker's baseline (see {@link #hasEnrolledHead()}).
     *
     * @throws IllegalStateException when the model has no enrolled head
     */
    public double[] probabilities(FeatureVector features, SpeakerBaseline baseline) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(baseline, "baseline");
        return DenseHead.softmax(enrolledHead.orElseThrow(() -> new IllegalStateException("model " + info.id()
                + " has no enrolled head")).forward(baseline.shift(features)));
    }

    /** Folds class probabilities in the model's label order into canonical emotions. */
    public EmotionDistribution distribution(double[] probabilities) {
        return labels.toDistribution(probabilities);
    }

    /**
     * Class probabilities in the model's label order: the corpus head's, or for a model with
     * channel experts the gate-weighted mixture of the corpus head's and the experts'.
     */
    public double[] probabilities(FeatureVector features) {
        Objects.requireNonNull(features, "features");
        float[] f = features.toFloats();
        double[] p = DenseHead.softmax(head.forward(f));
        if (gate.isEmpty()) {
            return p;
        }
        double[] g = DenseHead.softmax(gate.get().forward(f));
        double[] mix = new double[p.length];
        for (int k = 0; k < mix.length; k++) {
            mix[k] = g[0] * p[k];
        }
        for (int e = 0; e < experts.size(); e++) {
            double[] q = DenseHead.softmax(experts.get(e).forward(f));
            for (int k = 0; k < mix.length; k++) {
                mix[k] += g[e + 1] * q[k];
            }
        }
        return mix;
    }

    /**
     * The recording condition the channel gate sees in these features (its most likely output):
     * {@code clean} or one of {@link #channels()}; always {@code clean} for a model without
     * channel experts.
     */
    public String channel(FeatureVector features) {
        Objects.requireNonNull(features, "features");
        return channels.get(channelIndex(features.toFloats()));
    }

    /** {@code clean} followed by the model's channel experts (just {@code clean} without them). */
    public java.util.List<String> channels() {
        return channels;
    }

    private int channelIndex(float[] f) {
        if (gate.isEmpty()) {
            return 0;
        }
        float[] z = gate.get().forward(f);
        int b = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[b]) {
                b = k;
            }
        }
        return b;
    }

    /** The distribution over canonical emotions (and boredom for EmoDB's 7 classes). */
    public EmotionDistribution predict(FeatureVector features) {
        return labels.toDistribution(probabilities(features));
    }

    /** The hidden representation before the classifier layer, usable as an embedding. */
    public float[] embedding(FeatureVector features) {
        return head.penultimate(features.toFloats());
    }

    /** The model's label set. */
    public LabelSet labels() {
        return labels;
    }

    /** Training-corpus quartiles for cues. */
    public CorpusStats stats() {
        return stats;
    }

    /** Provenance. */
    public ModelInfo info() {
        return info;
    }
}
