/**
 * The trained speech emotion classifier ({@link io.github.emotion4j.audio.classify.SpeechEmotionModel},
 * a {@link io.github.emotion4j.core.head.DenseHead} over prosody features) and the grounded
 * explanation cues ({@link io.github.emotion4j.audio.classify.CueExplainer}) that compare the
 * measured features with the training corpus ({@link io.github.emotion4j.audio.classify.CorpusStats}).
 */
package io.github.emotion4j.audio.classify;
