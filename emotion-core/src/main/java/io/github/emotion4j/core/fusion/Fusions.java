package io.github.emotion4j.core.fusion;

import io.github.emotion4j.core.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/** Factories for fusion strategies. */
public final class Fusions {
    private Fusions() {
    }

    /** Confidence- and agreement-weighted averaging; see {@link ProbabilityGuidedFusion}. The default. */
    public static FusionStrategy probabilityGuided() {
        return new ProbabilityGuidedFusion(1.0);
    }

    /** Equal-weight average of the per-modality distributions. */
    public static FusionStrategy late() {
        return new LateFusion(Map.of(), false);
    }

    /** Weighted average with fixed per-modality weights (missing modalities weigh 1). */
    public static FusionStrategy late(Map<Modality, Double> weights) {
        return new LateFusion(Objects.requireNonNull(weights, "weights"), false);
    }

    /** Product of experts: the normalised (weighted) geometric mean of the distributions. */
    public static FusionStrategy productOfExperts() {
        return new LateFusion(Map.of(), true);
    }

    /**
     * Wraps a strategy so that its result says "uncertain" ({@link FusionResult#abstained()}
     * true, {@link FusionResult#decision()} empty) when the fused top probability is below
     * {@code threshold}; the fused distribution itself is kept.
     *
     * @param threshold in [0, 1]; 0 never abstains
     */
    public static FusionStrategy abstaining(FusionStrategy strategy, double threshold) {
        return new AbstainingFusion(Objects.requireNonNull(strategy, "strategy"), threshold);
    }

    /**
     * A strategy by name: {@code probability}/{@code probability-guided}, {@code late},
     * {@code product}, or one supplied by a {@link FusionProvider} on the classpath (e.g.
     * {@code attention}, {@code moe} from {@code emotion-fusion}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static FusionStrategy named(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip().toLowerCase(Locale.ROOT);
        switch (n) {
            case "probability", "probability-guided", "probabilityguided":
                return probabilityGuided();
            case "late", "average", "mean":
                return late();
            case "product", "product-of-experts", "poe":
                return productOfExperts();
            default:
                break;
        }
        List<String> known = new ArrayList<>(List.of("probability", "late", "product"));
        for (FusionProvider p : ServiceLoader.load(FusionProvider.class)) {
            if (p.name().equalsIgnoreCase(n)) {
                return p.create();
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("Unknown fusion '" + name + "'; available: " + known
                + (known.size() == 3 ? " (attention and moe need the emotion-fusion module)" : ""));
    }
}
