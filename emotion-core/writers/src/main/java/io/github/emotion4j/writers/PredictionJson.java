package io.github.emotion4j.writers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.FaceObservation;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.ModalityPair;
import io.github.emotion4j.core.label.Emotion;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes an {@link EmotionPrediction} as JSON with fixed, documented field names (see
 * {@code emotion-core/writers/README.md}, section "JSON"). The names are chosen here, field by
 * field, so they do not change when a record component is renamed.
 *
 * <p>Top-level fields: {@code schema}, {@code input}, {@code evidence}, {@code top},
 * {@code fused}, {@code dimensions}, {@code modalities}, {@code timeline}, {@code faces},
 * {@code cues}, {@code fusion}, {@code warnings}, {@code provenance}. The shape is stable:
 * <ul>
 *   <li>every distribution is an object with the same keys in the same order, {@link #LABELS}
 *       (the canonical seven, then contempt, boredom, other), 0 where the model has no such class;</li>
 *   <li>keys are camelCase everywhere, including the names of {@code details}
 *       ({@code duration_seconds} is written {@code durationSeconds});</li>
 *   <li>counts are JSON integers (a {@code details} value that is a whole number is written as one);</li>
 *   <li>without evidence ({@link EmotionPrediction#hasEvidence()} false) {@code evidence} is false and
 *       {@code top}, {@code fused} and {@code dimensions} are null rather than the uniform
 *       placeholder, exactly as for a modality that found nothing.</li>
 * </ul>
 * Probabilities and dimensions are rounded to 6 decimals; times are in seconds. Stateless and
 * thread-safe.
 */
public final class PredictionJson {
    /** The value of the {@code schema} field; bumped when a field changes meaning. */
    public static final String SCHEMA = "emotion4j.prediction/2";

    /**
     * The keys of every distribution, in order: {@link Emotion#CANONICAL} (anger, disgust, fear,
     * happiness, sadness, surprise, neutral), then contempt, boredom, other. Also the label columns
     * of {@link CsvWriter}.
     */
    public static final List<Emotion> LABELS = List.of(Emotion.values());

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PredictionJson() {
    }

    /** The shared mapper (indenting output). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The prediction as a JSON tree.
     *
     * @param prediction the prediction
     * @param input      what was analysed (a file name or a short description), stored as {@code input}
     */
    public static ObjectNode toTree(EmotionPrediction prediction, String input) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(input, "input");
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("input", input);
        boolean evidence = prediction.hasEvidence();
        root.put("evidence", evidence);
        putOptional(root, "top", evidence ? Optional.of(labelScore(prediction.top())) : Optional.empty());
        putOptional(root, "fused", evidence ? Optional.of(distribution(prediction.fused())) : Optional.empty());
        putOptional(root, "dimensions", evidence ? Optional.of(dimensions(prediction.dimensions())) : Optional.empty());
        ObjectNode modalities = root.putObject("modalities");
        for (Map.Entry<Modality, ModalityResult> e : prediction.modalities().entrySet()) {
            modalities.set(e.getKey().word(), modality(e.getValue()));
        }
        ArrayNode timeline = root.putArray("timeline");
        prediction.timeline().forEach(s -> timeline.add(segment(s)));
        ArrayNode faces = root.putArray("faces");
        prediction.faces().forEach(f -> faces.add(face(f)));
        ArrayNode cues = root.putArray("cues");
        prediction.cues().forEach(c -> cues.add(cue(c)));
        root.set("fusion", fusion(prediction.fusion()));
        ArrayNode warnings = root.putArray("warnings");
        prediction.warnings().forEach(warnings::add);
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("library", "emotion4j");
        provenance.put("libraryVersion", prediction.provenance().libraryVersion());
        ArrayNode models = provenance.putArray("models");
        prediction.provenance().models().forEach(m -> models.add(model(m)));
        return root;
    }

    /** The prediction as indented JSON text. */
    public static String toJson(EmotionPrediction prediction, String input) {
        try {
            return MAPPER.writeValueAsString(toTree(prediction, input));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Writes the prediction to a file (UTF-8, indented). */
    public static void write(EmotionPrediction prediction, String input, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        createParent(file);
        try (Writer w = Files.newBufferedWriter(file)) {
            MAPPER.writeValue(w, toTree(prediction, input));
        }
    }

    /** Reads a JSON file written by {@link #write} back as a tree. */
    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    /** {@code {"label": "happiness", "probability": 0.62}}. */
    public static ObjectNode labelScore(LabelScore s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("label", s.label().word());
        n.put("probability", round(s.probability()));
        return n;
    }

    /**
     * {@code {"anger": 0.01, ..., "neutral": 0.30, "contempt": 0.0, "boredom": 0.0, "other": 0.0}}:
     * every label of {@link #LABELS} in that order, 0 for those the distribution does not have.
     */
    public static ObjectNode distribution(EmotionDistribution d) {
        ObjectNode n = MAPPER.createObjectNode();
        for (Emotion e : LABELS) {
            n.put(e.word(), round(d.probability(e)));
        }
        return n;
    }

    /**
     * A {@code details} name in camelCase: each dot-separated part loses its underscores and
     * hyphens, the letter after one upper-cased ({@code feature.pitch_range_semitones} becomes
     * {@code feature.pitchRangeSemitones}); names already in camelCase are unchanged.
     */
    public static String camelCase(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-') {
                upper = sb.length() > 0 && sb.charAt(sb.length() - 1) != '.';
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static ObjectNode details(Map<String, Double> details) {
        ObjectNode n = MAPPER.createObjectNode();
        details.forEach((k, v) -> {
            String key = camelCase(k);
            if (!Double.isFinite(v)) {
                n.putNull(key);
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                n.put(key, (long) (double) v);
            } else {
                n.put(key, round(v));
            }
        });
        return n;
    }

    /** {@code {"valence": .., "arousal": .., "dominance": ..}} on [-1, 1]. */
    public static ObjectNode dimensions(Dimensions d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("valence", round(d.valence()));
        n.put("arousal", round(d.arousal()));
        n.put("dominance", round(d.dominance()));
        return n;
    }

    private static ObjectNode modality(ModalityResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("evidence", r.hasEvidence());
        putOptional(n, "top", r.distribution().map(d -> labelScore(d.top())));
        putOptional(n, "distribution", r.distribution().map(PredictionJson::distribution));
        putOptional(n, "dimensions", r.dimensions().map(PredictionJson::dimensions));
        ArrayNode segments = n.putArray("segments");
        r.segments().forEach(s -> segments.add(segment(s)));
        ArrayNode cues = n.putArray("cues");
        r.cues().forEach(c -> cues.add(cue(c)));
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        n.set("details", details(r.details()));
        ArrayNode embeddings = n.putArray("embeddings");
        r.embeddings().forEach(e -> embeddings.add(embedding(e)));
        ArrayNode models = n.putArray("models");
        r.models().forEach(m -> models.add(model(m)));
        return n;
    }

    private static void putOptional(ObjectNode n, String name, Optional<ObjectNode> value) {
        if (value.isPresent()) {
            n.set(name, value.get());
        } else {
            n.putNull(name);
        }
    }

    private static ObjectNode segment(Segment s) {
        ObjectNode n = MAPPER.createObjectNode();
        span(n, s.span());
        n.put("source", s.source());
        n.set("top", labelScore(s.distribution().top()));
        n.set("distribution", distribution(s.distribution()));
        n.set("dimensions", dimensions(s.dimensions()));
        ObjectNode mods = n.putObject("modalities");
        for (Modality m : Modality.values()) {
            EmotionDistribution d = s.modalities().get(m);
            if (d != null) {
                ObjectNode md = mods.putObject(m.word());
                md.set("top", labelScore(d.top()));
                md.set("distribution", distribution(d));
            }
        }
        return n;
    }

    /**
     * {@code {"person": 1, "start": 0.0, "end": 2.0, "frames": 8, "box": {"x":..,"y":..,"width":..,"height":..},
     * "score": 0.98, "landmarks": [[x, y], ... 68], "top": {..}, "distribution": {..}, "warnings": [..]}};
     * {@code start}/{@code end} are null for an image, {@code box} and {@code score} null for a whole
     * image read as a face crop, {@code landmarks} empty when there are none. Pixel coordinates are
     * rounded to 0.01.
     */
    public static ObjectNode face(FaceObservation f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("person", f.person());
        if (f.span().isPresent()) {
            span(n, f.span().get());
        } else {
            n.putNull("start");
            n.putNull("end");
        }
        n.put("frames", f.frames());
        if (f.box().isPresent()) {
            FaceObservation.Box b = f.box().get();
            ObjectNode box = n.putObject("box");
            box.put("x", b.x());
            box.put("y", b.y());
            box.put("width", b.width());
            box.put("height", b.height());
        } else {
            n.putNull("box");
        }
        if (Double.isFinite(f.score())) {
            n.put("score", round(f.score()));
        } else {
            n.putNull("score");
        }
        ArrayNode lm = n.putArray("landmarks");
        for (FaceObservation.Point p : f.landmarks()) {
            lm.addArray().add(Math.round(p.x() * 100) / 100.0).add(Math.round(p.y() * 100) / 100.0);
        }
        n.set("top", labelScore(f.top()));
        n.set("distribution", distribution(f.distribution()));
        ArrayNode w = n.putArray("warnings");
        f.warnings().forEach(w::add);
        return n;
    }

    private static void span(ObjectNode n, TimeSpan span) {
        n.put("start", round(span.start()));
        n.put("end", round(span.end()));
    }

    private static ObjectNode cue(Cue c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("modality", c.modality().word());
        n.put("feature", c.feature());
        if (Double.isFinite(c.value())) {
            n.put("value", round(c.value()));
        } else {
            n.putNull("value");
        }
        n.put("text", c.text());
        return n;
    }

    private static ObjectNode embedding(Embedding e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("model", e.modelId());
        n.put("dimension", e.dimension());
        if (e.span().isPresent()) {
            span(n, e.span().get());
        }
        return n;
    }

    static ObjectNode model(ModelInfo m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", m.id());
        n.put("version", m.version());
        n.put("sha256", m.sha256());
        n.put("engine", m.engine());
        n.put("device", m.device());
        return n;
    }

    private static ObjectNode fusion(FusionResult f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("strategy", f.strategy());
        ObjectNode w = n.putObject("weights");
        f.weights().forEach((m, v) -> w.put(m.word(), round(v)));
        n.put("inconsistency", round(f.inconsistency()));
        Optional<ModalityPair> pair = f.mostDisagreeing();
        if (pair.isPresent()) {
            ObjectNode p = n.putObject("mostDisagreeing");
            p.put("first", pair.get().first().word());
            p.put("second", pair.get().second().word());
            p.put("divergence", round(pair.get().divergence()));
        } else {
            n.putNull("mostDisagreeing");
        }
        n.set("details", details(f.details()));
        n.put("abstained", f.abstained());
        return n;
    }
}
