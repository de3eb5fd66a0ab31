package io.github.emotion4j.fusion;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.fusion.model.Weights;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained fusion network evaluated in plain Java (no engine). Implementations are immutable
 * and thread-safe.
 */
public interface FusionNet {
    /** {@code attention} or {@code moe}. */
    String architecture();

    /** Number of output classes. */
    int classes();

    /** The weights (for saving). */
    Weights weights();

    /** Runs the network on one input with at least one modality present. */
    Output forward(FusionInput input);

    /**
     * What a forward pass gives.
     *
     * @param probabilities one probability per output class, summing to 1
     * @param weights       contribution of each present modality, summing to 1
     * @param details       named internals: attention weights or expert gate values
     */
    record Output(double[] probabilities, Map<Modality, Double> weights, Map<String, Double> details) {
        public Output {
            probabilities = Objects.requireNonNull(probabilities, "probabilities").clone();
            Map<Modality, Double> w = new EnumMap<>(Modality.class);
            w.putAll(weights);
            weights = Collections.unmodifiableMap(w);
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }
}
