package io.github.emotion4j.core.model;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.label.EmotionLabels;
import io.github.emotion4j.core.label.LabelSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The machine-readable card of a model ({@code model.properties}); the keys are listed in
 * {@code models/README.md}. Immutable.
 *
 * @param id         model id
 * @param version    model version
 * @param task       classification, regression, embedding or detection
 * @param modality   the modality it reads (for a multimodal card with {@code modalities}, the first one)
 * @param files      file name to format, in card order
 * @param sha256     file name to expected SHA-256 (lower-case hex)
 * @param resources  file name to an absolute classpath location, for files that live in another jar
 * @param inputs     declared inputs, in the order a TorchScript model takes them
 * @param outputs    declared outputs, in the order the model returns them
 * @param labels     output labels in model order (empty for embedding models)
 * @param labelSet   name of the {@link LabelSet} mapping the labels, if any
 * @param activation softmax, sigmoid or none
 * @param source     where the weights come from
 * @param license    licence of the weights
 * @param trainingData what the model was trained on
 * @param properties every key of the card, for module-specific settings ({@code preprocess.*}, {@code metric.*})
 */
public record ModelCard(String id, String version, String task, Modality modality,
                        Map<String, ModelFormat> files, Map<String, String> sha256,
                        Map<String, String> resources, List<TensorSpec> inputs, List<TensorSpec> outputs,
                        List<String> labels, Optional<String> labelSet, String activation,
                        String source, String license, String trainingData,
                        Map<String, String> properties) {

    /** The card's file name inside a model folder. */
    public static final String FILE_NAME = "model.properties";

    public ModelCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modality, "modality");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        sha256 = Map.copyOf(sha256);
        resources = Map.copyOf(resources);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = List.copyOf(labels);
        Objects.requireNonNull(labelSet, "labelSet");
        Objects.requireNonNull(activation, "activation");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * Reads a card.
     *
     * @param in      the properties text (UTF-8)
     * @param context file or resource name for messages
     */
    public static ModelCard read(InputStream in, String context) throws ModelLoadException {
        Properties p = new Properties();
        try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(context + ": unreadable model card: " + e.getMessage(), null, e);
        }
        Map<String, String> all = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            all.put(k, p.getProperty(k).strip());
        }
        String id = required(all, "id", context);
        Modality modality;
        String modalityWord = all.get("modality");
        if ((modalityWord == null || modalityWord.isEmpty()) && all.containsKey("modalities")
                && !list(all.get("modalities")).isEmpty()) {
            modalityWord = list(all.get("modalities")).get(0);  // a multimodal (fusion) model: its first modality
        }
        try {
            modality = Modality.valueOf((modalityWord == null || modalityWord.isEmpty()
                    ? required(all, "modality", context) : modalityWord).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(context + ": modality must be AUDIO, VISION or TEXT, was '" + modalityWord + "'");
        }
        Map<String, ModelFormat> files = new LinkedHashMap<>();
        Map<String, String> sha = new LinkedHashMap<>();
        Map<String, String> res = new LinkedHashMap<>();
        for (String f : list(required(all, "files", context))) {
            files.put(f, ModelFormat.parse(all.getOrDefault("format." + f, "RAW"), context));
            String s = all.get("sha256." + f);
            if (s == null || !s.matches("[0-9a-fA-F]{64}")) {
                throw new ModelLoadException(context + ": file '" + f + "' has no valid sha256." + f
                        + " entry; every model file must carry its SHA-256");
            }
            sha.put(f, s.toLowerCase(Locale.ROOT));
            if (all.containsKey("resource." + f)) {
                res.put(f, all.get("resource." + f));
            }
        }
        List<TensorSpec> inputs = new ArrayList<>();
        List<TensorSpec> outputs = new ArrayList<>();
        try {
            for (String s : specs(all.getOrDefault("inputs", ""))) {
                inputs.add(TensorSpec.parse(s));
            }
            for (String s : specs(all.getOrDefault("outputs", ""))) {
                outputs.add(TensorSpec.parse(s));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(context + ": " + e.getMessage());
        }
        List<String> labels = all.containsKey("labels") ? list(all.get("labels")) : List.of();
        Optional<String> labelSet = Optional.ofNullable(all.get("labelSet"));
        if (labelSet.isPresent() && LabelSet.named(labelSet.get()).isEmpty()) {
            throw new ModelLoadException(context + ": unknown labelSet '" + labelSet.get() + "'; known: "
                    + LabelSet.named().stream().map(LabelSet::name).toList());
        }
        return new ModelCard(id, required(all, "version", context), all.getOrDefault("task", "classification"),
                modality, files, sha, res, inputs, outputs, labels, labelSet,
                all.getOrDefault("activation", "none"), all.getOrDefault("source", ""),
                all.getOrDefault("license", ""), all.getOrDefault("trainingData", ""), all);
    }

    /** The label set: the named one, else one parsed from {@link #labels()}. */
    public LabelSet labelSetOrParsed() {
        if (labelSet.isPresent()) {
            LabelSet named = LabelSet.named(labelSet.get()).orElseThrow();
            if (!labels.isEmpty() && !labels.equals(named.labels())) {
                throw new IllegalStateException("model " + id + ": labels " + labels + " differ from label set "
                        + named.name() + " " + named.labels());
            }
            return named;
        }
        return LabelSet.custom(id, labels);
    }

    /**
     * The labels of a classifier's outputs: the named {@code labelSet}, else {@code labels} with
     * each label read as an emotion word, or mapped by {@code labelMap.<label>=<emotion>}, or by
     * {@code fallback} (e.g. a module's own label list).
     *
     * @throws IllegalStateException when the card has neither, or a label maps to no emotion (the
     *                               message names the {@code labelMap} key to add)
     * @throws IllegalArgumentException when a {@code labelMap} value is no emotion word
     */
    public LabelSet outputLabels(Function<String, Optional<Emotion>> fallback) {
        Objects.requireNonNull(fallback, "fallback");
        if (labelSet.isPresent()) {
            return labelSetOrParsed();
        }
        if (labels.isEmpty()) {
            throw new IllegalStateException("its card needs labels= (output order) or labelSet=");
        }
        Map<String, Emotion> map = new LinkedHashMap<>();
        for (String label : labels) {
            Optional<String> explicit = property("labelMap." + label);
            if (explicit.isPresent()) {
                map.put(label, EmotionLabels.parse(explicit.get()));
            } else if (EmotionLabels.find(label).isEmpty()) {
                map.put(label, fallback.apply(label).orElseThrow(() -> new IllegalStateException("label '" + label
                        + "' is no known emotion word; add labelMap." + label + "=<emotion> to its card")));
            }
        }
        return LabelSet.custom(id, labels, map);
    }

    /**
     * The modalities the model reads: the card's {@code modalities} list for a multimodal model
     * (a fusion model, whose card has {@code modalities} instead of {@code modality};
     * {@link #modality()} is then the first of them), else just {@link #modality()}.
     */
    public List<Modality> modalities() {
        String m = properties.get("modalities");
        if (m == null || properties.containsKey("modality")) {
            return List.of(modality);
        }
        return list(m).stream().map(w -> Modality.valueOf(w.toUpperCase(Locale.ROOT))).toList();
    }

    /** A card property, if present. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** A card property parsed as comma-separated doubles. */
    public Optional<double[]> doubles(String key) {
        return property(key).map(s -> Arrays.stream(s.split(",")).map(String::strip).mapToDouble(Double::parseDouble).toArray());
    }

    /** The metrics the card reports ({@code metric.*} keys without the prefix). */
    public Map<String, String> metrics() {
        Map<String, String> m = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("metric.")) {
                m.put(k.substring("metric.".length()), v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** The first file of the given format. */
    public Optional<String> fileOf(ModelFormat format) {
        return files.entrySet().stream().filter(e -> e.getValue() == format).map(Map.Entry::getKey).findFirst();
    }

    private static String required(Map<String, String> all, String key, String context) throws ModelLoadException {
        String v = all.get(key);
        if (v == null || v.isEmpty()) {
            throw new ModelLoadException(context + ": model card lacks the required key '" + key + "'");
        }
        return v;
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    /** Splits "a:f:[1,2],b:f:[3]" at commas outside brackets. */
    private static List<String> specs(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }
}
