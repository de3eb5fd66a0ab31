/**
 * Builds the per-modality distributions of the label-aligned pseudo-multimodal fusion set with the
 * modality modules. Compiled only with {@code -Ppseudo-multimodal} (it replaces the test sources), so
 * the emotion-fusion artifact never depends on emotion-audio, emotion-vision or emotion-text.
 */
package io.github.emotion4j.fusion.pseudo;
