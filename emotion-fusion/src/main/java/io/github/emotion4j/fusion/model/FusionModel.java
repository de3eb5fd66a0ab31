package io.github.emotion4j.fusion.model;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCard;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.TokenLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A trained fusion model: its card ({@code model.properties}) and its weights
 * ({@code weights.bin}, format in {@link Weights}). Immutable.
 *
 * <p>The card follows {@code models/README.md} with these fusion-specific keys:
 * {@code task=fusion}, {@code architecture} ({@code attention} or {@code moe}),
 * {@code modalities} (the token order, {@code AUDIO,VISION,TEXT}), {@code features}
 * (the token layout, {@code dist16-v1} or {@code dist16+emb-v1}, see
 * {@link io.github.emotion4j.fusion.FusionInput}; written from the weights, checked against them on
 * load), with {@code dist16+emb-v1} also {@code embedding.<modality>} (the embedding size each
 * modality's projection takes, 0 for none) and {@code embedding.projection} (d),
 * {@code labels} (output classes, canonical emotion words), {@code temperature.<modality>}
 * (calibration temperature applied to each modality's distribution before fusion) and
 * architecture settings ({@code attention.heads}). A fusion card has no single {@code modality}
 * key, so it is read here rather than by core's {@code ModelCard}; the SHA-256 of
 * {@code weights.bin} is checked the same way before use.
 *
 * @param id           model id, e.g. {@code fusion-attention}
 * @param version      model version
 * @param architecture {@code attention} or {@code moe}
 * @param labels       output classes in order
 * @param temperatures per-modality calibration temperature (1 when absent)
 * @param weights      the network weights
 * @param properties   every card key (metrics, provenance, settings)
 */
public record FusionModel(String id, String version, String architecture, List<Emotion> labels,
                          Map<Modality, Double> temperatures, Weights weights, Map<String, String> properties) {
    /** The weights file name. */
    public static final String WEIGHTS_FILE = "weights.bin";
    /** The card file name. */
    public static final String CARD_FILE = "model.properties";

    public FusionModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        labels = List.copyOf(labels);
        Map<Modality, Double> t = new EnumMap<>(Modality.class);
        t.putAll(temperatures);
        temperatures = Collections.unmodifiableMap(t);
        Objects.requireNonNull(weights, "weights");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A card property. */
    public java.util.Optional<String> property(String key) {
        return java.util.Optional.ofNullable(properties.get(key));
    }

    /** An integer card property with a default. */
    public int intProperty(String key, int fallback) {
        return property(key).map(Integer::parseInt).orElse(fallback);
    }

    /** The SHA-256 of the weights as written in the card. */
    public String sha256() {
        return properties.getOrDefault("sha256." + WEIGHTS_FILE, "");
    }

    /** This model with more card properties (later keys win; core keys are rewritten on save). */
    public FusionModel withProperties(Map<String, String> more) {
        Map<String, String> p = new TreeMap<>(properties);
        p.putAll(more);
        return new FusionModel(id, version, architecture, labels, temperatures, weights, p);
    }

    /** This model with other calibration temperatures. */
    public FusionModel withTemperatures(Map<Modality, Double> t) {
        return new FusionModel(id, version, architecture, labels, t, weights, properties);
    }

    /**
     * Writes {@code weights.bin} and {@code model.properties} (with the SHA-256 of the weights)
     * into a folder, creating it.
     */
    public void save(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        Files.write(dir.resolve(WEIGHTS_FILE), weights.toBytes());
        ModelCardWriter.builder()
                .setId(id)
                .optVersion(version)
                .optTask("fusion")
                .setModalities(FusionInput.MODALITIES)
                .optHeader("emotion4j fusion model card (format: models/README.md and FusionModel's Javadoc)")
                .addFile(WEIGHTS_FILE, ModelFormat.RAW)
                .putAll(cardProperties())
                .build()
                .write(dir);
    }

    /** The card's keys beyond those ModelCardWriter owns, sorted by name. */
    private Map<String, String> cardProperties() {
        Map<String, String> p = new TreeMap<>(properties);
        for (String owned : List.of("id", "version", "task", "modality", "modalities", "files")) {
            p.remove(owned);
        }
        p.keySet().removeIf(k -> k.startsWith("format.") || k.startsWith("sha256."));
        p.put("architecture", architecture);
        TokenLayout layout = TokenLayout.of(weights);
        p.put("features", layout.name());
        if (layout.usesEmbeddings()) {
            p.put("embedding.projection", Integer.toString(layout.projectionSize()));
            for (Modality m : FusionInput.MODALITIES) {
                p.put("embedding." + m.word(), Integer.toString(layout.embeddingSize(m)));
            }
        }
        p.put("labels", String.join(",", labels.stream().map(Emotion::word).toList()));
        p.put("activation", "softmax");
        for (Modality m : Modality.values()) {
            p.put("temperature." + m.word(), Double.toString(temperatures.getOrDefault(m, 1.0)));
        }
        return p;
    }

    /**
     * Loads a model folder; core's {@link ModelLocator} verifies the weights' SHA-256, and every
     * weight must be finite (else a {@link ModelLoadException} naming {@code weights.bin}).
     */
    public static FusionModel fromDirectory(Path dir) throws ModelLoadException {
        Objects.requireNonNull(dir, "dir");
        return fromBundle(ModelLocator.fromDirectory(dir));
    }

    /** Loads a bundled model ({@code io/github/emotion4j/models/<id>/} on the classpath). */
    public static FusionModel fromClasspath(String id) throws ModelLoadException {
        Objects.requireNonNull(id, "id");
        return fromBundle(ModelLocator.fromClasspath(id));
    }

    private static FusionModel fromBundle(ModelBundle bundle) throws ModelLoadException {
        ModelCard card = bundle.card();
        String context = bundle.origin();
        if (!card.files().containsKey(WEIGHTS_FILE)) {
            throw new ModelLoadException(context + ": a fusion model card must list " + WEIGHTS_FILE + " in files");
        }
        if (!"fusion".equals(card.task())) {
            throw new ModelLoadException(context + ": task must be 'fusion', was '" + card.task() + "'");
        }
        Map<String, String> all = card.properties();
        String features = all.getOrDefault("features", FusionInput.LAYOUT);
        if (!features.equals(FusionInput.LAYOUT) && !features.equals(FusionInput.LAYOUT_EMBEDDINGS)) {
            throw new ModelLoadException(context + ": token layout '" + features + "' is not supported (only "
                    + FusionInput.LAYOUT + " and " + FusionInput.LAYOUT_EMBEDDINGS + ")");
        }
        List<Emotion> labels = new ArrayList<>();
        try {
            for (String s : required(all, "labels", context).split(",")) {
                labels.add(Emotion.parse(s.strip()));
            }
        } catch (RuntimeException e) {
            throw new ModelLoadException(context + ": bad labels '" + all.get("labels") + "': " + e.getMessage(), null, e);
        }
        Map<Modality, Double> temps = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            String t = all.get("temperature." + m.word());
            if (t != null) {
                try {
                    double v = Double.parseDouble(t);
                    if (!(v > 0) || Double.isInfinite(v)) {
                        throw new NumberFormatException("not > 0");
                    }
                    temps.put(m, v);
                } catch (NumberFormatException e) {
                    throw new ModelLoadException(context + ": temperature." + m.word() + " must be a number > 0, was '"
                            + t + "'", null, e);
                }
            }
        }
        Path file = bundle.file(WEIGHTS_FILE);
        Weights w;
        try {
            w = Weights.fromBytes(Files.readAllBytes(file), card.id() + "/" + WEIGHTS_FILE);
        } catch (IOException e) {
            throw new ModelLoadException("Fusion model '" + card.id() + "': " + e.getMessage(), file, e);
        }
        for (Map.Entry<String, Weights.Tensor> t : w.tensors().entrySet()) {
            for (float v : t.getValue().values()) {
                if (!Float.isFinite(v)) {
                    throw new ModelLoadException("Fusion model '" + card.id() + "': " + file + " holds NaN or infinite"
                            + " values in tensor '" + t.getKey() + "': the file is damaged", file);
                }
            }
        }
        checkLayout(features, w, all, context);
        return new FusionModel(card.id(), card.version(), required(all, "architecture", context), labels, temps, w, all);
    }

    private static void checkLayout(String features, Weights w, Map<String, String> all, String context)
            throws ModelLoadException {
        TokenLayout layout;
        try {
            layout = TokenLayout.of(w);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(context + ": " + e.getMessage(), null, e);
        }
        if (!layout.name().equals(features)) {
            throw new ModelLoadException(context + ": the card says features=" + features + " but the weights are of layout "
                    + layout.name() + (layout.usesEmbeddings() ? " (they hold embed.<modality>.weight tensors)" : ""));
        }
        if (layout.usesEmbeddings()) {
            for (Modality m : FusionInput.MODALITIES) {
                String declared = all.get("embedding." + m.word());
                if (declared != null && !declared.strip().equals(Integer.toString(layout.embeddingSize(m)))) {
                    throw new ModelLoadException(context + ": embedding." + m.word() + "=" + declared
                            + " but its projection takes " + layout.embeddingSize(m));
                }
            }
        }
    }

    private static String required(Map<String, String> all, String key, String context) throws ModelLoadException {
        String v = all.get(key);
        if (v == null || v.isEmpty()) {
            throw new ModelLoadException(context + ": fusion model card lacks the required key '" + key + "'");
        }
        return v;
    }

}
