/**
 * Timed transcripts: SRT and WebVTT subtitle files (and plain text) read into cues with start and
 * end times, so text joins the audio/video timeline. Lenient about BOMs, CRLF line ends, missing
 * cue numbers and formatting tags; strict about timestamps (a bad one is a
 * {@link io.github.emotion4j.text.transcript.TranscriptFormatException} naming file and line).
 */
package io.github.emotion4j.text.transcript;
