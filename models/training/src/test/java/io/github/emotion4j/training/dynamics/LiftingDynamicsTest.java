package io.github.emotion4j.training.dynamics;

import io.github.emotion4j.vision.dynamics.ClipDynamics;
import io.github.emotion4j.vision.dynamics.LiftingDynamics;
import io.github.emotion4j.vision.dynamics.LiftingParameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.training.dynamics.LabelledClip;
import io.github.emotion4j.training.dynamics.LiftingTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiftingDynamicsTest {
    @TempDir
    Path dir;

    /** A probability vector peaked on class {@code c} with some noise. */
    static float[] peaked(int c, double peak, Random r) {
        float[] p = new float[7];
        double rest = 1 - peak;
        double s = 0;
        for (int i = 0; i < 7; i++) {
            p[i] = i == c ? 0 : (float) (rest / 6 * (0.5 + r.nextDouble()));
            s += p[i];
        }
        p[c] = (float) (1 - s);
        return p;
    }

    /** T frames of class {@code stat}, k of class {@code emo} at an offset. */
    static float[][] clip(int t, int k, int stat, int emo, Random r) {
        float[][] p = new float[t][];
        int off = r.nextInt(t - k + 1);
        for (int i = 0; i < t; i++) {
            p[i] = i >= off && i < off + k ? peaked(emo, 0.7, r) : peaked(stat, 0.85, r);
        }
        return p;
    }

    @Test
    void minorityDynamicsWinWhereMeanPoolingFollowsTheMajority() {
        Random r = new Random(1);
        LiftingDynamics d = LiftingDynamics.parameterFree(7);
        float[][] p = clip(16, 4, 0, 3, r);
        assertEquals(0, argmax(LiftingDynamics.meanPool(p)), "mean pooling follows the neutral majority");
        ClipDynamics c = d.analyze(p);
        assertEquals(3, c.argmax(), "lifting keeps the emotional minority");
        assertTrue(c.gate() > 0.9);
        for (int i = 0; i < 16; i++) {
            boolean emotional = p[i][3] > 0.5;
            assertEquals(emotional, c.dynamicMembership()[i] > 0.5, "frame " + i);
        }
        assertEquals(1.0, sum(c.frameWeights()), 1e-9);
        assertEquals(1.0, sum(c.clipProbabilities()), 1e-9);
        assertEquals(14, c.clipEmbedding().length);
    }

    @Test
    void aStillClipIsMeanPooling() {
        Random r = new Random(2);
        float[][] p = new float[16][];
        for (int i = 0; i < 16; i++) {
            p[i] = peaked(1, 0.9, r);
        }
        ClipDynamics c = LiftingDynamics.parameterFree(7).analyze(p);
        assertTrue(c.gate() < 0.1, "gate " + c.gate());
        double[] mean = LiftingDynamics.meanPool(p);
        for (int j = 0; j < 7; j++) {
            assertEquals(mean[j], c.clipProbabilities()[j], 0.02);
        }
        // very short tracks: plain mean
        float[][] two = {p[0], p[1]};
        assertArrayEquals(LiftingDynamics.meanPool(two), LiftingDynamics.parameterFree(7).analyze(two).clipProbabilities(), 1e-6);
    }

    @Test
    void parametersRoundTripAndValidate() throws IOException {
        Random r = new Random(3);
        LiftingParameters p = new LiftingParameters(7, 0.12, 0.05, randoms(49, r), randoms(49, r), randoms(7, r));
        Path f = dir.resolve("lifting.properties");
        p.write(f);
        assertEquals(p, LiftingParameters.read(f));
        assertTrue(LiftingParameters.parameterFree(7).isParameterFree());
        assertThrows(IllegalArgumentException.class, () -> new LiftingParameters(7, 0.1, 0, new float[49], new float[49], new float[7]));
        assertThrows(IllegalArgumentException.class, () -> new LiftingParameters(7, 0.1, 0.1, new float[48], new float[49], new float[7]));
    }

    @Test
    void javaAndDjlForwardPassesAgree() {
        Random r = new Random(4);
        LiftingParameters p = new LiftingParameters(7, 0.08, 0.04, randoms(49, r), randoms(49, r), randoms(7, r));
        List<LabelledClip> clips = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[][] probs = clip(16, 1 + i, i % 7, (i + 3) % 7, r);
            clips.add(new LabelledClip(embed(probs), probs, 0));
        }
        float[][] djl = LiftingTrainer.clipProbabilities(p, clips);
        LiftingDynamics java = new LiftingDynamics(p);
        for (int i = 0; i < clips.size(); i++) {
            double[] q = java.analyze(clips.get(i).embeddings(), clips.get(i).probabilities()).clipProbabilities();
            for (int j = 0; j < 7; j++) {
                assertEquals(q[j], djl[i][j], 1e-5, "clip " + i + " class " + j);
            }
        }
    }

    @Test
    void trainingWithDjlLowersTheLossAndExports() throws IOException {
        Random r = new Random(5);
        List<LabelledClip> clips = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int emo = 1 + i % 6;
            float[][] probs = clip(12, 3, 0, emo, r);
            clips.add(new LabelledClip(embed(probs), probs, emo));
        }
        List<String> log = new ArrayList<>();
        LiftingParameters p = new LiftingTrainer(8, 16, 0.02, 1e-3, 42).train(clips, log::add);
        assertEquals(7, p.dim());
        assertTrue(!p.isParameterFree());
        double before = nll(new LiftingDynamics(LiftingParameters.parameterFree(7)), clips);
        double after = nll(new LiftingDynamics(p), clips);
        assertTrue(after < before, "nll " + before + " -> " + after);
        Path f = dir.resolve("trained.properties");
        p.write(f);
        assertEquals(p, LiftingParameters.read(f));
        // deterministic for a seed
        assertEquals(p, new LiftingTrainer(8, 16, 0.02, 1e-3, 42).train(clips, s -> { }));
        assertNotEquals(0, log.size());
    }

    private static double nll(LiftingDynamics d, List<LabelledClip> clips) {
        double s = 0;
        for (LabelledClip c : clips) {
            s -= Math.log(d.analyze(c.embeddings(), c.probabilities()).clipProbabilities()[c.label()] + 1e-8);
        }
        return s / clips.size();
    }

    private static float[][] embed(float[][] p) {
        float[][] e = new float[p.length][];
        for (int i = 0; i < p.length; i++) {
            e[i] = LiftingDynamics.probabilityEmbedding(p[i]);
        }
        return e;
    }

    private static float[] randoms(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.2);
        }
        return a;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static int argmax(double[] q) {
        int b = 0;
        for (int i = 1; i < q.length; i++) {
            if (q[i] > q[b]) {
                b = i;
            }
        }
        return b;
    }
}
