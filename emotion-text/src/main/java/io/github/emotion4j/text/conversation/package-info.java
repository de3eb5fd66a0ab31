/**
 * Conversations in text: {@link io.github.emotion4j.text.conversation.ConversationReader} reads
 * TSV/CSV tables of many dialogues, WebVTT with voice tags, SRT with {@code NAME:} prefixes and JSON
 * into {@link io.github.emotion4j.core.conversation.Conversation}s (bad input is a
 * {@link io.github.emotion4j.text.conversation.ConversationFormatException} naming file and line);
 * {@link io.github.emotion4j.text.conversation.ConversationAnalyzer} analyses one with a recognizer
 * and an optional dialogue context model;
 * {@link io.github.emotion4j.text.conversation.DialogueContextModel} is the bundled EmotionIC-inspired
 * context model (speaker-masked attention, a dialogue GRU and a label-transition term) over the
 * utterance embeddings of a dialogue, run in plain Java from the weights in the models jar.
 */
package io.github.emotion4j.text.conversation;
