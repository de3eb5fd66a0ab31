package io.github.emotion4j.training.fusion;

import io.github.emotion4j.fusion.FusionExample;
import io.github.emotion4j.fusion.NeuralFusion;
import io.github.emotion4j.fusion.SyntheticData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.fusion.model.FusionModel;
import io.github.emotion4j.fusion.model.Weights;
import io.github.emotion4j.training.fusion.FusionTrainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static FusionModel train(FusionTrainer.Architecture a, long seed, List<FusionExample> data) {
        return FusionTrainer.builder(a).epochs(4).seed(seed).build().fit(data).model();
    }

    @Test
    void sameSeedGivesTheSameWeightsAndAnotherSeedDoesNot() {
        List<FusionExample> data = SyntheticData.generate(300, 9);
        for (FusionTrainer.Architecture a : FusionTrainer.Architecture.values()) {
            FusionModel one = train(a, 7, data);
            FusionModel two = train(a, 7, data);
            FusionModel other = train(a, 8, data);
            assertEquals(one.weights().tensors().keySet(), two.weights().tensors().keySet());
            for (String name : one.weights().tensors().keySet()) {
                assertArrayEquals(one.weights().get(name).values(), two.weights().get(name).values(), 0f, a + " " + name);
            }
            assertArrayEquals(one.weights().toBytes(), two.weights().toBytes());
            assertFalse(Arrays.equals(one.weights().toBytes(), other.weights().toBytes()));
            assertEquals(one.temperatures(), two.temperatures());
            assertEquals(Emotion.CANONICAL, one.labels(), "all seven classes occur in the data");
        }
    }

    @Test
    void trainsOnExamplesThatLackSomeModalities() {
        List<FusionExample> data = new java.util.ArrayList<>();
        int i = 0;
        for (FusionExample e : SyntheticData.generate(300, 4)) {
            java.util.Set<io.github.emotion4j.core.Modality> keep = java.util.EnumSet.allOf(io.github.emotion4j.core.Modality.class);
            keep.remove(io.github.emotion4j.core.Modality.values()[i++ % 4 == 3 ? 0 : 2]);
            data.add(i % 2 == 0 ? e : e.keep(keep));
        }
        for (FusionTrainer.Architecture a : FusionTrainer.Architecture.values()) {
            FusionModel m = train(a, 3, data);
            assertEquals(3, m.temperatures().size());
            NeuralFusion f = a == FusionTrainer.Architecture.ATTENTION
                    ? new io.github.emotion4j.fusion.attention.AttentionFusion(m)
                    : new io.github.emotion4j.fusion.moe.MixtureOfExpertsFusion(m);
            assertEquals(7, f.fuse(data.get(1).input()).distribution().labels().size());
        }
    }

    @Test
    void weightsFormatRoundTripsAndRejectsDamage() throws Exception {
        Weights w = new Weights(new java.util.LinkedHashMap<>(java.util.Map.of(
                "a.weight", new Weights.Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}))));
        Weights back = Weights.fromBytes(w.toBytes(), "test");
        assertEquals(w.tensors(), back.tensors());
        byte[] b = w.toBytes();
        assertThrows(java.io.IOException.class, () -> Weights.fromBytes(Arrays.copyOf(b, b.length - 2), "test"));
        b[0] = 'X';
        assertThrows(java.io.IOException.class, () -> Weights.fromBytes(b, "test"));
        assertThrows(IllegalArgumentException.class, () -> w.require("a.weight", 3, 2));
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalStateException.class, () -> FusionTrainer.builder(FusionTrainer.Architecture.ATTENTION)
                .width(30).heads(4).build());
        assertThrows(IllegalArgumentException.class, () -> FusionTrainer.builder(FusionTrainer.Architecture.MOE)
                .validationFraction(1));
        assertThrows(IllegalArgumentException.class, () -> FusionTrainer.builder(FusionTrainer.Architecture.MOE)
                .labels(List.of(Emotion.ANGER)).build().fit(SyntheticData.generate(50, 1)));
    }
}
