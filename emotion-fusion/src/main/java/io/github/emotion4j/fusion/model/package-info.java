/** Fusion model files: the {@code weights.bin} tensor format and the model card, with SHA-256 verification. */
package io.github.emotion4j.fusion.model;
