package io.github.emotion4j.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one modality found in the input.
 *
 * @param modality     the modality
 * @param distribution the whole-input distribution; empty when the modality found nothing to
 *                     judge (no face, no speech, empty text) — {@link #warnings()} then says why
 * @param dimensions   valence/arousal/dominance, measured by a model or derived from the distribution
 * @param segments     the modality's own timeline (speech segments, face windows, subtitles)
 * @param embeddings   encoder outputs, for fusion and for users' own heads
 * @param cues         the features that most moved the prediction, in plain words
 * @param warnings     things the caller should know ("no face found", "audio is 8 kHz")
 * @param details      extra named scores, e.g. GoEmotions' 28 fine-grained labels
 * @param models       the models that ran
 * @param faces        the faces seen (vision only; empty for the other modalities): person, box,
 *                     landmarks and expression per face, per window for a video
 */
public record ModalityResult(Modality modality, Optional<EmotionDistribution> distribution,
                             Optional<Dimensions> dimensions, List<Segment> segments,
                             List<Embedding> embeddings, List<Cue> cues, List<String> warnings,
                             Map<String, Double> details, List<ModelInfo> models,
                             List<FaceObservation> faces) {
    public ModalityResult {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(dimensions, "dimensions");
        segments = List.copyOf(segments);
        embeddings = List.copyOf(embeddings);
        cues = List.copyOf(cues);
        warnings = List.copyOf(warnings);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        models = List.copyOf(models);
        faces = List.copyOf(faces);
    }

    /** Whether the modality produced a distribution. */
    public boolean hasEvidence() {
        return distribution.isPresent();
    }

    /** A builder; modules use it to assemble results. */
    public static Builder builder(Modality modality) {
        return new Builder(modality);
    }

    /** Assembles a {@link ModalityResult}. Not thread-safe. */
    public static final class Builder {
        private final Modality modality;
        private EmotionDistribution distribution;
        private Dimensions dimensions;
        private final List<Segment> segments = new ArrayList<>();
        private final List<Embedding> embeddings = new ArrayList<>();
        private final List<Cue> cues = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Double> details = new LinkedHashMap<>();
        private final List<ModelInfo> models = new ArrayList<>();
        private final List<FaceObservation> faces = new ArrayList<>();

        private Builder(Modality modality) {
            this.modality = Objects.requireNonNull(modality, "modality");
        }

        public Builder distribution(EmotionDistribution d) {
            this.distribution = Objects.requireNonNull(d, "distribution");
            return this;
        }

        public Builder dimensions(Dimensions d) {
            this.dimensions = Objects.requireNonNull(d, "dimensions");
            return this;
        }

        public Builder segment(Segment s) {
            segments.add(Objects.requireNonNull(s, "segment"));
            return this;
        }

        public Builder segments(List<Segment> s) {
            segments.addAll(s);
            return this;
        }

        public Builder embedding(Embedding e) {
            embeddings.add(Objects.requireNonNull(e, "embedding"));
            return this;
        }

        public Builder cue(Cue c) {
            cues.add(Objects.requireNonNull(c, "cue"));
            return this;
        }

        public Builder warning(String w) {
            warnings.add(Objects.requireNonNull(w, "warning"));
            return this;
        }

        public Builder detail(String name, double score) {
            details.put(Objects.requireNonNull(name, "name"), score);
            return this;
        }

        public Builder model(ModelInfo m) {
            models.add(Objects.requireNonNull(m, "model"));
            return this;
        }

        public Builder face(FaceObservation f) {
            faces.add(Objects.requireNonNull(f, "face"));
            return this;
        }

        /** Builds; dimensions default to the distribution's expectation. */
        public ModalityResult build() {
            Dimensions dims = dimensions != null ? dimensions
                    : distribution != null ? distribution.dimensions() : null;
            return new ModalityResult(modality, Optional.ofNullable(distribution), Optional.ofNullable(dims),
                    segments, embeddings, cues, warnings, details, models, faces);
        }
    }
}
