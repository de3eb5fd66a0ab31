/**
 * Evaluation reports shared by every modality: accuracy, macro-F1, per-class figures and confusion
 * matrices as text and JSON ({@link io.github.emotion4j.core.eval.ClassificationReport}), and the
 * multi-label figures (per-label precision/recall/F1, macro- and micro-F1 at thresholds) of
 * {@link io.github.emotion4j.core.eval.ClassificationReport.MultiLabel}.
 */
package io.github.emotion4j.core.eval;
