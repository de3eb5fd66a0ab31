package io.github.emotion4j.vision;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.vision.face.FaceBox;
import io.github.emotion4j.vision.landmarks.FaceLandmarks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One face and its expression.
 *
 * @param box           where the face was found; empty for an image taken as a face crop
 * @param probabilities the model's class probabilities, in its label order
 * @param distribution  the same as an emotion distribution
 * @param landmarks     the face's 68 landmarks in image pixels; empty when landmarks are off or the
 *                      face was too small for them
 * @param warnings      what the caller should know about this face (e.g. too small for landmarks)
 */
public record FaceExpression(Optional<FaceBox> box, float[] probabilities, EmotionDistribution distribution,
                             Optional<FaceLandmarks> landmarks, List<String> warnings) {
    /** Checks the components and copies the mutable ones. */
    public FaceExpression {
        Objects.requireNonNull(box, "box");
        probabilities = probabilities.clone();
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(landmarks, "landmarks");
        warnings = List.copyOf(warnings);
    }

    /** A face without landmarks or warnings. */
    public FaceExpression(Optional<FaceBox> box, float[] probabilities, EmotionDistribution distribution) {
        this(box, probabilities, distribution, Optional.empty(), List.of());
    }

    /** A copy, so the record stays immutable. */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }
}
