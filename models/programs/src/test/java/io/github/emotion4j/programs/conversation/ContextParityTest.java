package io.github.emotion4j.programs.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.text.conversation.DialogueContextModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * emotion-text's plain-Java forward pass of the context model equals the DJL training graph's
 * (PyTorch engine) on random weights and random dialogues, for every net shape the program trains.
 */
class ContextParityTest {
    private static final List<String> LABELS = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral");

    static NetSpec spec(String variant) {
        return switch (variant) {
            case "full" -> new NetSpec("ctx", "context", 16, 2, 2, true, true, false, true);
            case "nomask" -> new NetSpec("ctx", "context", 16, 2, 2, false, true, false, true);
            case "other-only" -> new NetSpec("ctx", "context", 16, 0, 4, true, true, false, true);
            case "no-gru" -> new NetSpec("ctx", "context", 16, 4, 0, true, false, false, true);
            case "no-transition" -> new NetSpec("ctx", "context", 16, 2, 2, true, true, false, false);
            case "bidirectional" -> new NetSpec("ctx", "context", 16, 2, 2, true, true, true, true);
            default -> throw new IllegalArgumentException(variant);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "nomask", "other-only", "no-gru", "no-transition", "bidirectional"})
    void javaForwardEqualsDjlForward(String variant, @TempDir Path dir) throws Exception {
        int d = 12;
        int k = LABELS.size();
        int window = 5;
        boolean causal = !variant.equals("bidirectional");
        Random rnd = new Random(variant.hashCode());
        NetSpec ctx = spec(variant);
        NetSpec base = new NetSpec("base", "baseline", 8, 0, 0, true, false, false, false);
        Map<String, int[]> ctxShapes = ctx.shapes(d, k);
        Map<String, float[]> ctxParams = randomize(ContextTrainer.init(ctxShapes, rnd), rnd);
        Map<String, int[]> baseShapes = base.shapes(d, k);
        Map<String, float[]> baseParams = randomize(ContextTrainer.init(baseShapes, rnd), rnd);
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int i = 0; i < d; i++) {
            mean[i] = (float) rnd.nextGaussian() * 0.1f;
            std[i] = 0.5f + rnd.nextFloat();
        }
        ContextModelFolder.write(dir, "parity", List.of(new ContextModelFolder.Net(ctx, ctxShapes, ctxParams),
                new ContextModelFolder.Net(base, baseShapes, baseParams)), mean, std, LABELS, window, Map.of(), null);
        DialogueContextModel model = DialogueContextModel.load(ModelLocator.fromDirectory(dir));

        List<DialogueBatch.Item> dialogues = new ArrayList<>();
        for (int n : new int[] {1, 3, 9, 14}) {
            float[][] x = new float[n][d];
            int[] spk = new int[n];
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d; i++) {
                    x[t][i] = (float) rnd.nextGaussian();
                }
                spk[t] = rnd.nextInt(3) - (t == 2 ? 5 : 0);
            }
            dialogues.add(new DialogueBatch.Item(x, spk, null));
        }
        List<float[][]> djlCtx = ContextTrainer.logits(ctx, ctxParams, ctxShapes, dialogues, k, mean, std, window, causal);
        List<float[][]> djlBase = ContextTrainer.logits(base, baseParams, baseShapes, dialogues, k, mean, std, window, true);
        double worst = 0;
        for (int i = 0; i < dialogues.size(); i++) {
            DialogueContextModel.Result r = model.predict(dialogues.get(i).x(), dialogues.get(i).speakers(), causal);
            float[][] pc = r.withContext();
            float[][] pb = r.withoutContext();
            for (int t = 0; t < pc.length; t++) {
                float[] sc = softmax(djlCtx.get(i)[t]);
                float[] sb = softmax(djlBase.get(i)[t]);
                for (int c = 0; c < k; c++) {
                    assertEquals(sc[c], pc[t][c], 1e-4, variant + " dialogue " + i + " turn " + t + " label " + c);
                    assertEquals(sb[c], pb[t][c], 1e-4, "baseline dialogue " + i + " turn " + t);
                    worst = Math.max(worst, Math.abs(sc[c] - pc[t][c]));
                }
            }
        }
        // the random weights must give varied, non-trivial outputs for the comparison to mean something
        float[][] p = model.predict(dialogues.get(3).x(), dialogues.get(3).speakers(), causal).withContext();
        double spread = 0;
        for (float[] row : p) {
            for (int c = 0; c < k; c++) {
                spread = Math.max(spread, Math.abs(row[c] - p[0][c]));
            }
        }
        assertTrue(spread > 1e-2, "outputs barely depend on the input: " + spread);
        assertTrue(worst < 1e-4);
    }

    private static Map<String, float[]> randomize(Map<String, float[]> params, Random rnd) {
        for (float[] v : params.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian() * 0.3f;
            }
        }
        return params;
    }

    private static float[] softmax(float[] l) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : l) {
            max = Math.max(max, v);
        }
        double s = 0;
        float[] p = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            p[i] = (float) Math.exp(l[i] - max);
            s += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= (float) s;
        }
        return p;
    }
}
