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

    /** DJL's Adam (bias-corrected, L2 on the weights) takes the steps the previous hand-written trainer took. */
    @Test
    void djlAdamReproducesTheHandWrittenReference() {
        int[] y = new int[45];
        float[][] x = blobs(15, y, 4);
        LinearProbe.Config cfg = new LinearProbe.Config(40, 0.05, 1e-2, true);
        DenseHead h = LinearProbe.fit(x, y, 3, cfg);
        float[] bias = new float[3];
        float[][] w = referenceWeights(x, y, 3, cfg, bias);
        DenseHead.Layer layer = h.layers().get(0);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(w[c], layer.weights()[c], 2e-3f, "weights of class " + c);
        }
        // float32 in libtorch against doubles in the reference: a few 1e-3 after 40 steps, from rounding alone
        assertArrayEquals(bias, layer.bias(), 5e-3f);
    }

    /**
     * The previous plain-Java trainer (full-batch Adam written out by hand, in doubles), kept as the
     * reference that DJL's Adam must reproduce: same gradients, same bias correction, L2 on the weights only.
     */
    static float[][] referenceWeights(float[][] x, int[] y, int classes, LinearProbe.Config cfg, float[] biasOut) {
        int n = x.length;
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (float[] r : x) {
                s += r[j];
            }
            double m = s / n;
            double v = 0;
            for (float[] r : x) {
                v += (r[j] - m) * (r[j] - m);
            }
            mean[j] = (float) m;
            double sd = Math.sqrt(v / n);
            std[j] = (float) (sd < 1e-6 ? 1 : sd);
        }
        double[] classWeight = new double[classes];
        int[] count = new int[classes];
        for (int c : y) {
            count[c]++;
        }
        for (int c = 0; c < classes; c++) {
            classWeight[c] = !cfg.balanceClasses() ? 1 : count[c] == 0 ? 0 : n / (double) (classes * count[c]);
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        double[][] mw = new double[classes][d];
        double[][] vw = new double[classes][d];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double[] logits = new double[classes];
        for (int step = 1; step <= cfg.epochs(); step++) {
            double[][] gw = new double[classes][d];
            double[] gb = new double[classes];
            double totalWeight = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = b[c];
                    for (int j = 0; j < d; j++) {
                        s += w[c][j] * z[i][j];
                    }
                    logits[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    logits[c] = Math.exp(logits[c] - max);
                    sum += logits[c];
                }
                double cw = classWeight[y[i]];
                totalWeight += cw;
                for (int c = 0; c < classes; c++) {
                    double g = cw * (logits[c] / sum - (c == y[i] ? 1 : 0));
                    gb[c] += g;
                    for (int j = 0; j < d; j++) {
                        gw[c][j] += g * z[i][j];
                    }
                }
            }
            double scale = totalWeight > 0 ? 1 / totalWeight : 1.0 / n;
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] * scale + cfg.l2() * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= cfg.learningRate() * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + eps);
                }
                double g = gb[c] * scale;
                mb[c] = beta1 * mb[c] + (1 - beta1) * g;
                vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
                b[c] -= cfg.learningRate() * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + eps);
            }
        }
        float[][] wf = new float[classes][d];
        float[] bf = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                wf[c][j] = (float) w[c][j];
            }
            bf[c] = (float) b[c];
        }
        System.arraycopy(bf, 0, biasOut, 0, classes);
        return wf;
    }
}
