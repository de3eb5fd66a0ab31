package io.github.emotion4j.vision.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Re-identification by descriptor distance, on synthetic descriptors. */
class FaceIdentitiesTest {
    private static float[] around(float[] centre, double noise, Random r) {
        float[] d = centre.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (r.nextGaussian() * noise);
        }
        return d;
    }

    private static float[] random(Random r) {
        float[] d = new float[FaceDescriptorNet.DIMENSION];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 0.1);
        }
        return d;
    }

    @Test
    void peopleKeepTheirNumbersAcrossAbsencesAndSwaps() {
        Random r = new Random(1);
        float[] a = random(r);
        float[] b = random(r);
        // per-value noise 0.02 gives distances of about 0.02 * sqrt(2 * 128) = 0.32 between two views
        FaceIdentities ids = new FaceIdentities();
        assertArrayEquals(new int[] {1, 2}, ids.identify(List.of(around(a, 0.02, r), around(b, 0.02, r))));
        assertArrayEquals(new int[] {2, 1}, ids.identify(List.of(around(b, 0.02, r), around(a, 0.02, r))), "swapped places");
        assertEquals(1, ids.identify(around(a, 0.02, r)), "b occluded");
        assertEquals(2, ids.identify(around(b, 0.02, r)), "after a cut");
        assertEquals(3, ids.identify(random(r)), "a stranger");
        assertEquals(3, ids.people());
    }

    @Test
    void twoFacesOfOneFrameAreNeverOnePerson() {
        Random r = new Random(2);
        float[] a = random(r);
        FaceIdentities ids = new FaceIdentities();
        assertEquals(1, ids.identify(a));
        int[] twins = ids.identify(List.of(around(a, 0.01, r), around(a, 0.005, r)));
        assertArrayEquals(new int[] {2, 1}, twins, "the nearer one is person 1, the other is new");
        assertArrayEquals(new int[] {3}, ids.identify(List.of(around(a, 0.001, r)), new int[] {1, 2}),
                "persons already placed in the frame are excluded");
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new FaceIdentities(0));
        assertThrows(IllegalArgumentException.class, () -> new FaceIdentities(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FaceIdentities().identify(new float[3]));
    }
}
