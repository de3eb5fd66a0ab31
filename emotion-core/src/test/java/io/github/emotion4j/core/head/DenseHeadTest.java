package io.github.emotion4j.core.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.model.ModelLoadException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseHeadTest {
    @Test
    void forwardAndRoundTrip(@TempDir Path tmp) throws Exception {
        DenseHead.Layer l1 = new DenseHead.Layer(new float[][] {{1, -1}, {0.5f, 0.5f}, {-2, 0}}, new float[] {0, 0.1f, 0},
                DenseHead.Activation.RELU);
        DenseHead.Layer l2 = new DenseHead.Layer(new float[][] {{1, 1, 1}, {1, -1, 0}}, new float[] {0, 1},
                DenseHead.Activation.NONE);
        DenseHead h = new DenseHead(new float[] {1, 1}, new float[] {2, 1}, List.of(l1, l2));
        // input (3, 2) -> normalised (1, 1) -> relu(0, 1.1, -2 -> 0) -> (1.1, 1 - 1.1)
        assertArrayEquals(new float[] {1.1f, -0.1f}, h.forward(new float[] {3, 2}), 1e-6f);
        assertArrayEquals(new float[] {0, 1.1f, 0}, h.penultimate(new float[] {3, 2}), 1e-6f);
        assertEquals("2x3:relu,3x2:none", h.layerSpec());
        Path f = tmp.resolve("head.bin");
        try (OutputStream out = Files.newOutputStream(f)) {
            h.write(out);
        }
        DenseHead back = DenseHead.read(f, h.layerSpec(), true, "t");
        assertArrayEquals(h.forward(new float[] {0.3f, -4}), back.forward(new float[] {0.3f, -4}));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> DenseHead.read(f, "2x4:relu,4x2:none", true, "t"));
        assertEquals(f, e.file().orElseThrow());
        assertThrows(ModelLoadException.class, () -> DenseHead.read(f, "garbage", true, "t"));
        assertThrows(IllegalArgumentException.class, () -> h.forward(new float[3]));
    }

    @Test
    void damagedWeightsOfTheRightSizeFailAtLoadNamingTheFile(@TempDir Path tmp) throws Exception {
        int floats = 2 * 4 + 4 * 3 + 3;  // normalised 4 inputs, 4x3 layer
        java.util.Random random = new java.util.Random(3);
        for (String kind : List.of("random", "nan", "huge")) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(floats * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < floats; i++) {
                b.putFloat(switch (kind) {
                    case "nan" -> i == 5 ? Float.NaN : 0.1f;
                    // every weight finite, but the outputs overflow to infinity
                    case "huge" -> i < 8 ? (i < 4 ? 0 : 1) : 3e38f;
                    default -> Float.intBitsToFloat(random.nextInt());
                });
            }
            Path f = tmp.resolve(kind + ".bin");
            Files.write(f, b.array());
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> DenseHead.read(f, "4x3:none", true, "m"),
                    kind);
            assertEquals(f, e.file().orElseThrow());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void nonFiniteOutputAtPredictionIsAnInferenceException() {
        DenseHead h = new DenseHead(null, null, List.of(new DenseHead.Layer(new float[][] {{3e38f, 3e38f}},
                new float[] {0}, DenseHead.Activation.NONE)));
        assertArrayEquals(new float[] {0}, h.forward(new float[] {0, 0}));
        assertThrows(io.github.emotion4j.core.InferenceException.class, () -> h.forward(new float[] {1, 1}));
        assertThrows(io.github.emotion4j.core.InferenceException.class, () -> h.forward(new float[] {Float.NaN, 0}));
    }

    @Test
    void itsStandardisationIsReadableAsCopies() {
        DenseHead.Layer l = new DenseHead.Layer(new float[][] {{1, 2}}, new float[] {0}, DenseHead.Activation.NONE);
        DenseHead h = new DenseHead(new float[] {1, 2}, new float[] {3, 4}, List.of(l));
        assertArrayEquals(new float[] {1, 2}, h.mean().orElseThrow());
        assertArrayEquals(new float[] {3, 4}, h.std().orElseThrow());
        h.mean().orElseThrow()[0] = 99;
        assertArrayEquals(new float[] {1, 2}, h.mean().orElseThrow(), "a copy");
        DenseHead bare = new DenseHead(null, null, List.of(l));
        assertEquals(java.util.Optional.empty(), bare.mean());
        assertEquals(java.util.Optional.empty(), bare.std());
    }
}
