package io.github.emotion4j.text.encoder.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LowRankAdapterTest {
    static LowRankAdapter.Delta delta(String name) {
        // in 3, out 2, rank 1
        return new LowRankAdapter.Delta(name, 3, 2, 1, 2f, new float[] {1, 2, 3}, new float[] {0.5f, -1});
    }

    @Test
    void addsScaleTimesAbToTheBase() {
        float[] w = delta("w").addTo(new float[] {1, 1, 1, 1, 1, 1});
        // W + 2 * [1,2,3]^T [0.5,-1]
        assertArrayEquals(new float[] {2, -1, 3, -3, 4, -5}, w, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> delta("w").addTo(new float[5]));
    }

    @Test
    void roundTripsThroughItsFile() throws IOException {
        LowRankAdapter a = new LowRankAdapter(List.of(delta("a"), delta("b")));
        LowRankAdapter b = LowRankAdapter.fromBytes(a.toBytes());
        assertEquals(2, b.deltas().size());
        assertEquals("b", b.deltas().get(1).name());
        assertArrayEquals(a.deltas().get(0).b(), b.deltas().get(0).b());
        assertEquals(10, b.parameterCount());
        assertArrayEquals(a.toBytes(), b.toBytes());
    }

    @Test
    void refusesBrokenFiles() {
        byte[] good = new LowRankAdapter(List.of(delta("a"), delta("b"))).toBytes();
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(new byte[0]));
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes("not an adapter at all".getBytes()));
        for (int cut : new int[] {8, 12, 20, good.length - 1}) {
            IOException e = assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(Arrays.copyOf(good, cut)));
            assertTrue(e.getMessage() != null, "cut at " + cut);
        }
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(Arrays.copyOf(good, good.length + 4)));
        byte[] nan = good.clone();
        // the first value of A of the first matrix: after magic(8) count(4) name(2+1) in out rank(12) scale(4)
        ByteBuffer.wrap(nan).putFloat(8 + 4 + 3 + 12 + 4, Float.NaN);
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(nan));
        byte[] twice = new LowRankAdapter(List.of(delta("a"), delta("a"))).toBytes();
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(twice));
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(8 + 4 + 3, Integer.MAX_VALUE);
        assertThrows(IOException.class, () -> LowRankAdapter.fromBytes(huge));
    }
}
