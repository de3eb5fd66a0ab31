/** Fusion strategies that need no training (probability-guided, late, product of experts) and the {@link io.github.emotion4j.core.fusion.FusionProvider} SPI for trained ones. */
package io.github.emotion4j.core.fusion;
