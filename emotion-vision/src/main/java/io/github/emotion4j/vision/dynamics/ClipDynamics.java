package io.github.emotion4j.vision.dynamics;

/**
 * What {@link LiftingDynamics} found in one clip (a face track over a window of frames).
 *
 * @param clipEmbedding   global context followed by the attention-weighted dynamic residual (2D values)
 * @param clipProbabilities the clip's class probabilities: frame probabilities weighted towards the
 *                        frames that carry distinct dynamics
 * @param dynamicMembership per frame, how much it belongs to the dynamic group, in [0, 1]
 * @param dynamicScore    per frame, membership times the size of its residual after the context is removed
 * @param frameWeights    per frame, its weight in {@code clipProbabilities} (sums to 1)
 * @param gate            how much distinct dynamics the clip holds, in [0, 1] (0 = all frames alike,
 *                        the clip is plain mean pooling)
 */
public record ClipDynamics(float[] clipEmbedding, double[] clipProbabilities, double[] dynamicMembership,
                           double[] dynamicScore, double[] frameWeights, double gate) {
    /** Checks the components and copies the mutable ones. */
    public ClipDynamics {
        clipEmbedding = clipEmbedding.clone();
        clipProbabilities = clipProbabilities.clone();
        dynamicMembership = dynamicMembership.clone();
        dynamicScore = dynamicScore.clone();
        frameWeights = frameWeights.clone();
    }

    /** A copy, so the record stays immutable. */
    @Override
    public float[] clipEmbedding() {
        return clipEmbedding.clone();
    }

    /** A copy, so the record stays immutable. */
    @Override
    public double[] clipProbabilities() {
        return clipProbabilities.clone();
    }

    /** A copy, so the record stays immutable. */
    @Override
    public double[] dynamicMembership() {
        return dynamicMembership.clone();
    }

    /** A copy, so the record stays immutable. */
    @Override
    public double[] dynamicScore() {
        return dynamicScore.clone();
    }

    /** A copy, so the record stays immutable. */
    @Override
    public double[] frameWeights() {
        return frameWeights.clone();
    }

    /** Index of the most probable class of the clip. */
    public int argmax() {
        int best = 0;
        for (int i = 1; i < clipProbabilities.length; i++) {
            if (clipProbabilities[i] > clipProbabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
