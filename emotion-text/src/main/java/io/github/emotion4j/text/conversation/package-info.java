/**
 * Emotion in conversation: {@link io.github.emotion4j.text.conversation.DialogueContextModel}, an
 * EmotionIC-inspired context model (speaker-masked attention, a dialogue GRU and a label-transition
 * term) over the utterance embeddings of a dialogue, run in plain Java from the weights in the
 * models jar.
 */
package io.github.emotion4j.text.conversation;
