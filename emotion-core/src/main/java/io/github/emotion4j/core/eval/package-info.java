/** Evaluation reports shared by every modality: accuracy, macro-F1, per-class figures and confusion matrices as text and JSON. */
package io.github.emotion4j.core.eval;
