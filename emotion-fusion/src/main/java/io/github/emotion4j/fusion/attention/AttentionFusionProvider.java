package io.github.emotion4j.fusion.attention;

import io.github.emotion4j.core.fusion.FusionProvider;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.model.ModelLoadException;

/** Registers {@code attention} with {@code Fusions.named(...)}, using the bundled default weights. */
public final class AttentionFusionProvider implements FusionProvider {
    @Override
    public String name() {
        return "attention";
    }

    /** @throws IllegalStateException when the bundled model is missing or damaged */
    @Override
    public FusionStrategy create() {
        try {
            return AttentionFusion.bundled();
        } catch (ModelLoadException e) {
            throw new IllegalStateException("attention fusion: " + e.getMessage(), e);
        }
    }
}
