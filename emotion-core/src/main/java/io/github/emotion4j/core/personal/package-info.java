/**
 * Personal baselines: adapting predictions to one person (a speaker in a conversation, a face
 * identity, a voice) from a few labelled or neutral samples, without retraining any model
 * (PDMER-inspired). {@link io.github.emotion4j.core.personal.PersonalBaseline} holds one person's
 * per-label shift of the log-probabilities for one modality;
 * {@link io.github.emotion4j.core.personal.PersonRegistry} keeps many and persists them as a
 * small, versioned JSON file.
 */
package io.github.emotion4j.core.personal;
