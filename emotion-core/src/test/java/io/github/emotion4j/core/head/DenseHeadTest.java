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
}
