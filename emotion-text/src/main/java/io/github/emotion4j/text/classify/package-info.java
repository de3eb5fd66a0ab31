/**
 * Turns model outputs into emotions: trained heads over sentence embeddings
 * ({@link io.github.emotion4j.text.classify.EmbeddingHead}) and logits of any transformer
 * classifier ({@link io.github.emotion4j.text.classify.LabelScores}), with softmax or sigmoid as
 * the card says and the card's labels folded into canonical emotions.
 */
package io.github.emotion4j.text.classify;
