/** Evaluation of fusion strategies under every modality condition (all, each alone, each missing), with accuracy, macro-F1 and ECE. */
package io.github.emotion4j.fusion.eval;
