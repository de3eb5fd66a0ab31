package io.github.emotion4j.fusion.moe;

import io.github.emotion4j.core.fusion.FusionProvider;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.core.model.ModelLoadException;

/** Registers {@code moe} with {@code Fusions.named(...)}, using the bundled default weights. */
public final class MixtureOfExpertsFusionProvider implements FusionProvider {
    @Override
    public String name() {
        return "moe";
    }

    /** @throws IllegalStateException when the bundled model is missing or damaged */
    @Override
    public FusionStrategy create() {
        try {
            return MixtureOfExpertsFusion.bundled();
        } catch (ModelLoadException e) {
            throw new IllegalStateException("moe fusion: " + e.getMessage(), e);
        }
    }
}
