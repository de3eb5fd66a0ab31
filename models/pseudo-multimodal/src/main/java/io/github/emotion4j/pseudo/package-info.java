/** The label-aligned pseudo-multimodal set (per-modality distributions from the modality modules) and the training of the bundled fusion models on it. */
package io.github.emotion4j.pseudo;
