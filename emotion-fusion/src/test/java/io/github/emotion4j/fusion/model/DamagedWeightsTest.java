package io.github.emotion4j.fusion.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.InferenceException;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.fusion.FusionInput;
import io.github.emotion4j.fusion.FusionNet;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.attention.AttentionFusion;
import io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fusion weights file with NaNs, or with finite values that overflow (and its SHA-256 in the
 * card), used to load; now loading refuses it, and a damaged network met at prediction time is an
 * InferenceException, not an IllegalArgumentException.
 */
class DamagedWeightsTest {
    /** A network that has gone bad: its output is NaN (a stand-in for any damage the load checks cannot see). */
    private static final class BrokenNet implements FusionNet {
        private final FusionNet real;

        BrokenNet(FusionNet real) {
            this.real = real;
        }

        @Override
        public String architecture() {
            return real.architecture();
        }

        @Override
        public int classes() {
            return real.classes();
        }

        @Override
        public Weights weights() {
            return real.weights();
        }

        @Override
        public Output forward(FusionInput input) {
            Output o = real.forward(input);
            double[] p = o.probabilities();
            p[0] = Double.NaN;
            return new Output(p, o.weights(), o.details());
        }
    }

    private static NeuralFusion broken() throws Exception {
        AttentionFusion good = AttentionFusion.bundled();
        return new NeuralFusion(good.model(), new BrokenNet(good.net())) {
            @Override
            public String name() {
                return "broken";
            }
        };
    }

    @Test
    void aNetworkGivingNonFiniteOutputFailsTheSmokeRun() throws Exception {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> NeuralFusion.smokeTested(broken()));
        assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains(FusionModel.WEIGHTS_FILE), e.getMessage());
    }

    @Test
    void nonFiniteOutputAtPredictionIsAnInferenceException() throws Exception {
        NeuralFusion f = broken();
        double[] p = {0.1, 0.1, 0.1, 0.4, 0.1, 0.1, 0.1};
        InferenceException e = assertThrows(InferenceException.class,
                () -> f.fuse(FusionInput.ofCanonical(Map.of(io.github.emotion4j.core.Modality.TEXT, p))));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void finiteWeightsAsLargeAsFloatsGoStillGiveFiniteOutput(@TempDir Path dir) throws Exception {
        // the networks normalise their activations, so only NaN or infinite weights can make them fail
        FusionModel good = FusionModel.fromClasspath("fusion-moe");
        Map<String, Weights.Tensor> tensors = new LinkedHashMap<>();
        good.weights().tensors().forEach((k, t) -> {
            float[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] >= 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
            }
            tensors.put(k, new Weights.Tensor(t.shape(), v));
        });
        new FusionModel(good.id(), good.version(), good.architecture(), good.labels(), good.temperatures(),
                new Weights(tensors), good.properties()).save(dir);
        MixtureOfExpertsFusion.load(dir);
    }

    @Test
    void nanWeightsFailAtLoadNamingTheFile(@TempDir Path dir) throws Exception {
        FusionModel good = FusionModel.fromClasspath("fusion-attention");
        Map<String, Weights.Tensor> tensors = new LinkedHashMap<>(good.weights().tensors());
        String name = tensors.keySet().iterator().next();
        Weights.Tensor t = tensors.get(name);
        float[] v = t.values();
        Arrays.fill(v, 0, Math.min(3, v.length), Float.NaN);
        tensors.put(name, new Weights.Tensor(t.shape(), v));
        new FusionModel(good.id(), good.version(), good.architecture(), good.labels(), good.temperatures(),
                new Weights(tensors), good.properties()).save(dir);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FusionModel.fromDirectory(dir));
        assertTrue(e.getMessage().contains(FusionModel.WEIGHTS_FILE) && e.getMessage().contains(name), e.getMessage());
        assertTrue(e.file().orElseThrow().endsWith(FusionModel.WEIGHTS_FILE));
    }
}
