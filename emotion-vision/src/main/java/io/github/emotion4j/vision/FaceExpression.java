package io.github.emotion4j.vision;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.vision.face.FaceBox;
import java.util.Objects;
import java.util.Optional;

/**
 * One face and its expression.
 *
 * @param box           where the face was found; empty for an image taken as a face crop
 * @param probabilities the model's class probabilities, in its label order
 * @param distribution  the same as an emotion distribution
 */
public record FaceExpression(Optional<FaceBox> box, float[] probabilities, EmotionDistribution distribution) {
    /** Checks the components and copies the mutable ones. */
    public FaceExpression {
        Objects.requireNonNull(box, "box");
        probabilities = probabilities.clone();
        Objects.requireNonNull(distribution, "distribution");
    }

    /** A copy, so the record stays immutable. */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }
}
