/**
 * The text modality's evaluation entry point: a labelled TSV in, accuracy, macro-F1, per-class
 * figures and the confusion matrix out (core's {@code ClassificationReport}, as text and JSON).
 */
package io.github.emotion4j.text.eval;
