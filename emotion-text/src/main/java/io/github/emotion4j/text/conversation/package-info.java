/**
 * Conversations in text: {@link io.github.emotion4j.text.conversation.ConversationReader} reads
 * TSV/CSV tables of many dialogues, WebVTT with voice tags, SRT with {@code NAME:} prefixes and JSON
 * into {@link io.github.emotion4j.core.conversation.Conversation}s (bad input is a
 * {@link io.github.emotion4j.text.conversation.ConversationFormatException} naming file and line);
 * {@link io.github.emotion4j.text.conversation.ConversationAnalyzer} analyses one with a recognizer
 * and an optional dialogue context model.
 */
package io.github.emotion4j.text.conversation;
