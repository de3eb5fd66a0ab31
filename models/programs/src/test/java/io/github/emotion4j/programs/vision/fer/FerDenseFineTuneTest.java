package io.github.emotion4j.programs.vision.fer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The protocol and the DJL block of the face-expression-net fine-tune. */
class FerDenseFineTuneTest {
    @Test
    void heldOutPartIsStratifiedAndPixelIdenticalImagesStayOnOneSide() {
        int n = 2000;
        int[] y = new int[n];
        long[] hash = new long[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            y[i] = i % 7 == 0 ? 1 : r.nextInt(7);
            hash[i] = i;
        }
        // 300 images are copies of an earlier one (same pixels, same label)
        for (int i = 1000; i < 1300; i++) {
            int src = r.nextInt(1000);
            hash[i] = hash[src];
            y[i] = y[src];
        }
        int[][] split = FerDenseFineTune.groupSplit(y, hash, 7, 0.1, 1);
        assertEquals(n, split[0].length + split[1].length);
        Set<Long> fitHashes = new HashSet<>();
        for (int i : split[0]) {
            fitHashes.add(hash[i]);
        }
        for (int i : split[1]) {
            assertTrue(!fitHashes.contains(hash[i]), "image " + i + " has a pixel-identical twin in the fitting part");
        }
        int[] total = new int[7];
        int[] held = new int[7];
        for (int v : y) {
            total[v]++;
        }
        for (int i : split[1]) {
            held[y[i]]++;
        }
        for (int c = 0; c < 7; c++) {
            // a group may overshoot the quota by its size (at most a few images here)
            assertEquals(total[c] * 0.1, held[c], 4, "class " + c);
        }
        // deterministic for a seed, different for another
        assertArrayEquals(split[1], FerDenseFineTune.groupSplit(y, hash, 7, 0.1, 1)[1]);
        assertTrue(!java.util.Arrays.equals(split[1], FerDenseFineTune.groupSplit(y, hash, 7, 0.1, 2)[1]));
    }

    @Test
    void classWeightsFollowTheFittingPart() {
        int[] y = {0, 0, 0, 1};
        int[] fit = {0, 1, 2, 3};
        float[] none = FerDenseFineTune.classWeights(y, fit, "none");
        assertEquals(1f, none[0]);
        float[] inv = FerDenseFineTune.classWeights(y, fit, "inverse");
        assertEquals(3 * inv[0], inv[1], 1e-5f);
        float[] sqrt = FerDenseFineTune.classWeights(y, fit, "sqrt");
        assertEquals(Math.sqrt(3) * sqrt[0], sqrt[1], 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> FerDenseFineTune.classWeights(y, fit, "balanced"));
    }

    @Test
    void denseBlockTakesConvertersParameterNamesAndGivesSevenLogits() {
        Dense3Djl net = new Dense3Djl();
        try (Model model = Model.newInstance("dense3", Device.cpu(), "PyTorch");
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            model.setBlock(net);
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(new Shape(1, Dense3Djl.IN_CHANNELS, Dense3Djl.IN_SIDE, Dense3Djl.IN_SIDE));
                Map<String, ParamFile.Tensor> saved = net.save();
                // finetune.py's names for dense3 + fc of the PyTorch module (state_dict order)
                assertEquals(14, saved.size());
                assertEquals(List.of(128L, 1L, 3L, 3L), toList(saved.get("dense3.conv0.depthwise.conv.weight").shape()));
                assertEquals(List.of(256L, 128L, 1L, 1L), toList(saved.get("dense3.conv0.pointwise.weight").shape()));
                assertEquals(List.of(256L, 1L, 3L, 3L), toList(saved.get("dense3.conv3.depthwise.conv.weight").shape()));
                assertEquals(List.of(7L, 256L), toList(saved.get("fc.weight").shape()));
                // a known block: zero weights, fc bias only -> the logits are the bias
                Map<String, ParamFile.Tensor> zero = new HashMap<>();
                for (Map.Entry<String, ParamFile.Tensor> e : saved.entrySet()) {
                    zero.put(e.getKey(), new ParamFile.Tensor(e.getValue().shape(), new float[e.getValue().values().length]));
                }
                float[] bias = {1, 2, 3, 4, 5, 6, 7};
                zero.put("fc.bias", new ParamFile.Tensor(new long[] {7}, bias));
                net.load(zero);
                float[] out = t.evaluate(new NDList(m.randomUniform(0, 1,
                        new Shape(2, Dense3Djl.IN_CHANNELS, Dense3Djl.IN_SIDE, Dense3Djl.IN_SIDE)))).singletonOrThrow().toFloatArray();
                assertEquals(14, out.length);
                for (int i = 0; i < 14; i++) {
                    assertEquals(bias[i % 7], out[i], 1e-6f);
                }
                zero.remove("fc.bias");
                assertThrows(IllegalArgumentException.class, () -> net.load(zero));
            }
        }
    }

    private static List<Long> toList(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
