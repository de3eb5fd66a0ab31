/**
 * Emotion in text: {@link io.github.emotion4j.text.TextAnalyzer} reads plain text and timed
 * transcripts (SRT, WebVTT) with a MiniLM sentence encoder and trained GoEmotions heads, or with
 * any transformer classifier a model card describes; {@link io.github.emotion4j.text.MiniLmTextProvider}
 * plugs it into {@code EmotionRecognizer} as the {@code text-minilm} provider.
 */
package io.github.emotion4j.text;
