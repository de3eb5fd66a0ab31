package io.github.emotion4j.core.label;

import io.github.emotion4j.core.EmotionDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's or dataset's own label words, in output order, with the {@link Emotion} each one
 * maps to. Several words may map to the same emotion (GoEmotions' 28 labels fold into Ekman's
 * groups); {@link #toDistribution(double[])} then adds their probabilities.
 *
 * @param name    the set's name, e.g. {@code "FER2013"}
 * @param labels  label words in model output order
 * @param mapping the emotion of each label, same length and order as {@code labels}
 */
public record LabelSet(String name, List<String> labels, List<Emotion> mapping) {

    /** The canonical seven in {@link Emotion#CANONICAL} order. */
    public static final LabelSet CANONICAL = parsed("CANONICAL",
            "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");
    /** FER2013 class ids 0..6. */
    public static final LabelSet FER2013 = parsed("FER2013",
            "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    /** CK+ emotion codes 0..7 (0 = neutral), including contempt. */
    public static final LabelSet CK_PLUS = parsed("CK_PLUS",
            "neutral", "anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise");
    /** Output order of the face-api.js FaceExpressionNet. */
    public static final LabelSet FACE_API = parsed("FACE_API",
            "neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    /** AffectNet's eight expression ids 0..7. */
    public static final LabelSet AFFECTNET_8 = parsed("AFFECTNET_8",
            "neutral", "happy", "sad", "surprise", "fear", "disgust", "anger", "contempt");
    /** Berlin EmoDB's seven emotions (folder order used by emotion4j's training programs). */
    public static final LabelSet EMODB_7 = parsed("EMODB_7",
            "anger", "boredom", "disgust", "fear", "happiness", "neutral", "sadness");
    /** The usual four-class IEMOCAP setup (excitement merged into happy). */
    public static final LabelSet IEMOCAP_4 = parsed("IEMOCAP_4", "neutral", "happy", "angry", "sad");
    /** emotion2vec+ nine-class output order. */
    public static final LabelSet EMOTION2VEC_9 = parsed("EMOTION2VEC_9",
            "angry", "disgusted", "fearful", "happy", "neutral", "other", "sad", "surprised", "unknown");
    /** GoEmotions' Ekman-level labels in the order of its {@code ekman/labels.txt}. */
    public static final LabelSet GOEMOTIONS_EKMAN = parsed("GOEMOTIONS_EKMAN",
            "anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise");
    /**
     * GoEmotions' 27 emotions plus neutral in the order of its {@code labels.txt}, each mapped to
     * its Ekman group as published with the dataset (Demszky et al., 2020, {@code ekman_mapping.json}).
     */
    public static final LabelSet GOEMOTIONS_28 = goEmotions28();
    /** MELD's seven labels (Ekman's six plus neutral; joy is happiness), in the order of its papers. */
    public static final LabelSet MELD_7 = parsed("MELD_7",
            "neutral", "joy", "surprise", "anger", "sadness", "disgust", "fear");
    /**
     * EmoryNLP's seven labels (Willcox's feeling wheel). Five have a canonical counterpart (joyful
     * happiness, mad anger, sad sadness, scared fear, neutral); the two others are folded as the
     * existing taxonomy folds their kin: <b>peaceful -> neutral</b> (as {@code calm} is neutral: a
     * low-arousal, unmarked state) and <b>powerful -> happiness</b> (as GoEmotions' pride and
     * optimism fold into joy). Evaluations over canonical labels therefore have five EmoryNLP
     * classes and are not comparable with 7-class EmoryNLP figures.
     */
    public static final LabelSet EMORYNLP_7 = custom("EMORYNLP_7",
            List.of("joyful", "mad", "neutral", "peaceful", "powerful", "sad", "scared"),
            Map.of("peaceful", Emotion.NEUTRAL, "powerful", Emotion.HAPPINESS));

    private static final List<LabelSet> NAMED = List.of(CANONICAL, FER2013, CK_PLUS, FACE_API,
            AFFECTNET_8, EMODB_7, IEMOCAP_4, EMOTION2VEC_9, GOEMOTIONS_EKMAN, GOEMOTIONS_28, MELD_7, EMORYNLP_7);

    public LabelSet {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
        mapping = List.copyOf(mapping);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("label set " + name + " has no labels");
        }
        if (labels.size() != mapping.size()) {
            throw new IllegalArgumentException("label set " + name + ": " + labels.size()
                    + " labels but " + mapping.size() + " mappings");
        }
    }

    /** A label set whose words are parsed with {@link EmotionLabels#parse(String)}. */
    public static LabelSet custom(String name, List<String> labels) {
        return new LabelSet(name, labels, labels.stream().map(EmotionLabels::parse).toList());
    }

    /** A label set with an explicit mapping for words the parser does not know. */
    public static LabelSet custom(String name, List<String> labels, Map<String, Emotion> mapping) {
        List<Emotion> m = new ArrayList<>();
        for (String label : labels) {
            Emotion e = mapping.get(label);
            m.add(e != null ? e : EmotionLabels.parse(label));
        }
        return new LabelSet(name, labels, m);
    }

    /** All built-in named sets. */
    public static List<LabelSet> named() {
        return NAMED;
    }

    /** Finds a built-in set by name (case-insensitive). */
    public static Optional<LabelSet> named(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return NAMED.stream().filter(s -> s.name.equals(n)).findFirst();
    }

    /** Number of labels. */
    public int size() {
        return labels.size();
    }

    /** Index of a label word, or -1. */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    /** The emotion label {@code i} maps to. */
    public Emotion emotionAt(int i) {
        return mapping.get(i);
    }

    /** The distinct emotions this set maps to, in {@link Emotion} declaration order. */
    public List<Emotion> emotions() {
        return mapping.stream().distinct().sorted().toList();
    }

    /**
     * Folds probabilities in this set's order into a distribution over {@link #emotions()},
     * adding the probabilities of labels that share an emotion.
     *
     * @param probabilities non-negative scores, one per label; normalised if they do not sum to 1
     */
    public EmotionDistribution toDistribution(double[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException("label set " + name + " has " + labels.size()
                    + " labels but got " + probabilities.length + " scores");
        }
        Map<Emotion, Double> sums = new EnumMap<>(Emotion.class);
        for (int i = 0; i < probabilities.length; i++) {
            sums.merge(mapping.get(i), probabilities[i], Double::sum);
        }
        return EmotionDistribution.fromScores(sums);
    }

    /** Same as {@link #toDistribution(double[])} for float scores. */
    public EmotionDistribution toDistribution(float[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        double[] d = new double[probabilities.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = probabilities[i];
        }
        return toDistribution(d);
    }

    private static LabelSet parsed(String name, String... labels) {
        return custom(name, Arrays.asList(labels));
    }

    private static LabelSet goEmotions28() {
        List<String> labels = List.of("admiration", "amusement", "anger", "annoyance", "approval",
                "caring", "confusion", "curiosity", "desire", "disappointment", "disapproval",
                "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy", "love",
                "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness",
                "surprise", "neutral");
        Map<String, Emotion> m = new java.util.HashMap<>();
        for (String w : List.of("anger", "annoyance", "disapproval")) {
            m.put(w, Emotion.ANGER);
        }
        m.put("disgust", Emotion.DISGUST);
        for (String w : List.of("fear", "nervousness")) {
            m.put(w, Emotion.FEAR);
        }
        for (String w : List.of("joy", "amusement", "approval", "excitement", "gratitude", "love",
                "optimism", "relief", "pride", "admiration", "desire", "caring")) {
            m.put(w, Emotion.HAPPINESS);
        }
        for (String w : List.of("sadness", "disappointment", "embarrassment", "grief", "remorse")) {
            m.put(w, Emotion.SADNESS);
        }
        for (String w : List.of("surprise", "realization", "confusion", "curiosity")) {
            m.put(w, Emotion.SURPRISE);
        }
        m.put("neutral", Emotion.NEUTRAL);
        return new LabelSet("GOEMOTIONS_28", labels, labels.stream().map(m::get).toList());
    }
}
