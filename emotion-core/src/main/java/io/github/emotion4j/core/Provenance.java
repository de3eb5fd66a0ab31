package io.github.emotion4j.core;

import java.util.List;
import java.util.Objects;

/**
 * Where a prediction came from: every model that contributed and the library version.
 */
public record Provenance(List<ModelInfo> models, String libraryVersion) {
    public Provenance {
        models = List.copyOf(models);
        Objects.requireNonNull(libraryVersion, "libraryVersion");
    }
}
