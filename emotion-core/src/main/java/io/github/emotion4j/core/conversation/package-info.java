/**
 * Conversations: ordered utterances with speakers, optional gold labels and optional time spans
 * inside a media file ({@link io.github.emotion4j.core.conversation.Conversation}); the result of
 * analysing one ({@link io.github.emotion4j.core.conversation.ConversationResult}: per utterance the
 * distribution without and with dialogue context, per speaker a timeline); and the figures of how
 * emotions persist within a speaker and pass between speakers
 * ({@link io.github.emotion4j.core.conversation.ConversationStats}). Readers for TSV/CSV, WebVTT, SRT
 * and JSON live in {@code emotion-text} ({@code io.github.emotion4j.text.conversation}).
 */
package io.github.emotion4j.core.conversation;
