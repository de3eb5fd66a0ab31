package io.github.emotion4j.audio.encoder;

import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import java.util.Objects;
import java.util.Optional;

/**
 * What a wav2vec2/HuBERT-style encoder produced for one stretch of audio, averaged over its
 * chunks (weighted by chunk length).
 *
 * @param embedding    the pooled hidden state (copied)
 * @param dimensions   arousal/dominance/valence mapped to {@link Dimensions}, for models with that output
 * @param distribution emotions from the card's classification head, when it has one
 * @param chunks       how many windows were encoded
 */
public record EncoderOutput(float[] embedding, Optional<Dimensions> dimensions,
                            Optional<EmotionDistribution> distribution, int chunks) {
    /** Checks the components and copies the mutable ones. */
    public EncoderOutput {
        embedding = Objects.requireNonNull(embedding, "embedding").clone();
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(distribution, "distribution");
    }

    /** A copy of the embedding. */
    @Override
    public float[] embedding() {
        return embedding.clone();
    }
}
