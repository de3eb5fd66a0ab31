package io.github.emotion4j.fusion.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fusion weights file with NaNs (and its SHA-256 in the card) used to load; now loading refuses it. */
class DamagedWeightsTest {
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
