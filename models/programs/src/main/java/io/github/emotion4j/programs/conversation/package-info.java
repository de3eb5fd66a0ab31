/**
 * The program that trains the dialogue context model ({@code text-dialogue-context}) on MELD and
 * EmoryNLP: corpus reading, utterance features from frozen text encoders (cached), the DJL
 * training graph, ablations and the model card. Not a library.
 */
package io.github.emotion4j.programs.conversation;
