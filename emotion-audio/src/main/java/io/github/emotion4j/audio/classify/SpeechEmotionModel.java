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

/**
 * The project's trained speech emotion classifier: prosodic features ({@link ProsodyExtractor})
 * into a small {@link DenseHead} (standardisation inside), softmax over the card's labels,
 * folded into canonical emotions by its label set. Evaluated in plain Java. Immutable and
 * thread-safe.
 */
public final class SpeechEmotionModel {
    /** Id of the default bundled model (7 EmoDB classes). */
    public static final String DEFAULT_ID = "audio-emodb-7class";
    /** Id of the bundled 4-class model (anger, happiness, neutral, sadness). */
    public static final String FOUR_CLASS_ID = "audio-emodb-4class";

    private final DenseHead head;
    private final LabelSet labels;
    private final CorpusStats stats;
    private final ModelInfo info;

    private SpeechEmotionModel(DenseHead head, LabelSet labels, CorpusStats stats, ModelInfo info) {
        this.head = head;
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
        return new SpeechEmotionModel(head, labels, stats, info);
    }

    /** Class probabilities in the model's label order. */
    public double[] probabilities(FeatureVector features) {
        Objects.requireNonNull(features, "features");
        return DenseHead.softmax(head.forward(features.toFloats()));
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
