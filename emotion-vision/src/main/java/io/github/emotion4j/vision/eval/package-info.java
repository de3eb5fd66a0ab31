/**
 * Evaluation entry points: {@link io.github.emotion4j.vision.eval.FaceFolderEvaluator} (a folder
 * with one sub-folder per label -> accuracy, macro-F1, per-class recall, confusion matrix, as
 * text and JSON) and {@link io.github.emotion4j.vision.eval.ClipBenchmark} (synthetic clips with a
 * minority of emotional frames: lifting dynamics against mean pooling).
 */
package io.github.emotion4j.vision.eval;
