package io.github.emotion4j.training.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.eval.ClassificationReport;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearProbeTest {
    @TempDir
    Path tmp;

    /** Three Gaussian blobs in 16 dimensions, offset on different axes, with a large shared offset to test standardisation. */
    static float[][] blobs(int perClass, int[] y, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[3 * perClass][16];
        for (int i = 0; i < x.length; i++) {
            int c = i / perClass;
            y[i] = c;
            for (int j = 0; j < 16; j++) {
                x[i][j] = (float) (100 + r.nextGaussian() + (j == c ? 3 : 0));
            }
        }
        return x;
    }

    @Test
    void separatesBlobsAndIsDeterministic() {
        int[] y = new int[150];
        float[][] x = blobs(50, y, 1);
        DenseHead h = LinearProbe.fit(x, y, 3, LinearProbe.Config.defaults());
        DenseHead again = LinearProbe.fit(x, y, 3, LinearProbe.Config.defaults());
        int[] yt = new int[300];
        float[][] xt = blobs(100, yt, 2);
        int correct = 0;
        for (int i = 0; i < xt.length; i++) {
            float[] out = h.forward(xt[i]);
            int best = 0;
            for (int k = 1; k < 3; k++) {
                best = out[k] > out[best] ? k : best;
            }
            correct += best == yt[i] ? 1 : 0;
            assertArrayEquals(out, again.forward(xt[i]));
        }
        assertTrue(correct / 300.0 > 0.9, "accuracy " + correct / 300.0);
        assertEquals("16x3:none", h.layerSpec());
    }

    @Test
    void writesAFolderThatTheModelLocatorVerifiesAndLoads() throws Exception {
        int[] y = new int[60];
        float[][] x = blobs(20, y, 3);
        DenseHead h = LinearProbe.fit(x, y, 3, LinearProbe.Config.defaults());
        ClassificationReport rep = ClassificationReport.of(List.of("anger", "happiness", "sadness"), new int[] {0, 1, 2},
                new int[] {0, 1, 1});
        Path dir = tmp.resolve("my-head");
        HeadFolder.write(new HeadFolder.Spec("my-head", Modality.TEXT, "text-minilm-l6-v2-q",
                List.of(Emotion.ANGER, Emotion.HAPPINESS, Emotion.SADNESS), h, "toy blobs", rep, "emotion4j train-head ...",
                "linear probe", Map.of(), Map.of("notes.txt", "hello")), dir);
        ModelBundle b = ModelLocator.fromDirectory(dir);
        assertEquals("my-head", b.card().id());
        assertEquals(Modality.TEXT, b.card().modality());
        assertEquals(List.of("anger", "happiness", "sadness"), b.card().labels());
        assertEquals("text-minilm-l6-v2-q", b.card().property("encoder").orElseThrow());
        assertEquals("0.6667", b.card().metrics().get("holdout.accuracy"));
        DenseHead loaded = DenseHead.load(b);
        assertArrayEquals(h.forward(x[0]), loaded.forward(x[0]));
        assertTrue(Files.readString(dir.resolve("MODEL_CARD.md")).contains("Held-out figures"));
        assertEquals("hello", Files.readString(dir.resolve("notes.txt")));
        assertTrue(b.card().sha256().containsKey("notes.txt"));
    }
}
