package io.github.emotion4j.fusion.calibration;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityEvidence;
import io.github.emotion4j.core.fusion.FusionResult;
import io.github.emotion4j.core.fusion.FusionStrategy;
import io.github.emotion4j.fusion.Temperature;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps any strategy (late, probability-guided, ...) so that each modality's distribution is
 * temperature-scaled before fusion; the temperatures appear in the result's details as
 * {@code temperature.<modality>}. The trained strategies apply their own card temperatures and
 * need no wrapper. Immutable and thread-safe.
 *
 * <pre>{@code
 * FusionStrategy s = CalibratedFusion.wrap(Fusions.probabilityGuided(),
 *         TemperatureScaling.temperatures(TemperatureScaling.fitPerModality(heldOut)));
 * }</pre>
 */
public final class CalibratedFusion implements FusionStrategy {
    private final FusionStrategy delegate;
    private final Map<Modality, Double> temperatures;

    private CalibratedFusion(FusionStrategy delegate, Map<Modality, Double> temperatures) {
        this.delegate = delegate;
        Map<Modality, Double> t = new EnumMap<>(Modality.class);
        temperatures.forEach((m, v) -> {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("temperature of " + m + " must be finite and > 0, was " + v);
            }
            t.put(m, v);
        });
        this.temperatures = t;
    }

    /** Scales each modality by its temperature (missing ones: 1) before calling {@code strategy}. */
    public static FusionStrategy wrap(FusionStrategy strategy, Map<Modality, Double> temperatures) {
        return new CalibratedFusion(Objects.requireNonNull(strategy, "strategy"),
                Objects.requireNonNull(temperatures, "temperatures"));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public FusionResult fuse(Map<Modality, ModalityEvidence> evidence) {
        Objects.requireNonNull(evidence, "evidence");
        Map<Modality, ModalityEvidence> scaled = new EnumMap<>(Modality.class);
        Map<String, Double> details = new LinkedHashMap<>();
        evidence.forEach((m, e) -> {
            double t = temperatures.getOrDefault(m, 1.0);
            details.put("temperature." + m.word(), t);
            EmotionDistribution d = e.distribution();
            scaled.put(m, t == 1.0 ? e : e.withDistribution(new EmotionDistribution(d.labels(),
                    Temperature.apply(d.probabilities(), t))));
        });
        return delegate.fuse(scaled).withDetails(details);
    }
}
