package io.github.emotion4j.core.conversation;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What was read in one utterance. Immutable.
 *
 * @param utterance      the utterance (speaker, text, span, gold label)
 * @param modalities     the per-modality distributions of this utterance: text from its words, audio
 *                       and vision from the media segments that overlap its span (weighted by overlap)
 * @param withoutContext the utterance alone: the modalities fused (the text distribution when text is
 *                       the only one); empty when nothing could be judged (no text, no media in its span)
 * @param withContext    after the context model; equal to {@code withoutContext} when there is none
 *                       (the result then says so in its warnings)
 * @param warnings       what went wrong or looks unreliable for this utterance
 */
public record UtteranceResult(Utterance utterance, Map<Modality, EmotionDistribution> modalities,
                              Optional<EmotionDistribution> withoutContext, Optional<EmotionDistribution> withContext,
                              List<String> warnings) {
    /** Checks the components and copies the mutable ones. */
    public UtteranceResult {
        Objects.requireNonNull(utterance, "utterance");
        Map<Modality, EmotionDistribution> m = new EnumMap<>(Modality.class);
        m.putAll(modalities);
        modalities = Collections.unmodifiableMap(m);
        Objects.requireNonNull(withoutContext, "withoutContext");
        Objects.requireNonNull(withContext, "withContext");
        warnings = List.copyOf(warnings);
    }

    /** The speaker. */
    public String speaker() {
        return utterance.speaker();
    }

    /** The most likely emotion with context, if judged. */
    public Optional<Emotion> predicted() {
        return withContext.map(d -> d.top().label());
    }

    /** The most likely emotion without context, if judged. */
    public Optional<Emotion> predictedWithoutContext() {
        return withoutContext.map(d -> d.top().label());
    }
}
