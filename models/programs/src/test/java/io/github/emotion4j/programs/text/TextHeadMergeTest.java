package io.github.emotion4j.programs.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emotion4j.core.head.DenseHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code TrainTextHeads -Densemble=N}: the merged head's logits are exactly the members' mean. */
class TextHeadMergeTest {
    static float[][] random(Random r, int rows, int cols) {
        float[][] w = new float[rows][cols];
        for (float[] row : w) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return w;
    }

    static TextHeadTrainer.Trained member(Random r) {
        List<DenseHead.Layer> layers = List.of(
                new DenseHead.Layer(random(r, 6, 4), random(r, 1, 6)[0], DenseHead.Activation.RELU),
                new DenseHead.Layer(random(r, 3, 6), random(r, 1, 3)[0], DenseHead.Activation.NONE));
        return new TextHeadTrainer.Trained(new ArrayList<>(layers),
                new DenseHead.Layer(random(r, 3, 10), random(r, 1, 3)[0], DenseHead.Activation.NONE), 3);
    }

    @Test
    void mergedLogitsAreTheMeanOfTheMembers() {
        Random r = new Random(7);
        List<TextHeadTrainer.Trained> members = List.of(member(r), member(r), member(r));
        TextHeadTrainer.Trained merged = TextHeadTrainer.merge(members);
        assertEquals(18, merged.layers().get(0).out());
        for (int t = 0; t < 20; t++) {
            float[] x = random(r, 1, 4)[0];
            int[] ids = {r.nextInt(10), r.nextInt(10)};
            float[] mean = new float[3];
            for (TextHeadTrainer.Trained m : members) {
                float[] l = TextHeadTrainer.logits(new DenseHead(null, null, m.layers()), new DenseHead(null, null, List.of(m.lexicon())),
                        x, ids);
                for (int c = 0; c < 3; c++) {
                    mean[c] += l[c] / members.size();
                }
            }
            float[] got = TextHeadTrainer.logits(new DenseHead(null, null, merged.layers()),
                    new DenseHead(null, null, List.of(merged.lexicon())), x, ids);
            assertArrayEquals(mean, got, 1e-4f);
        }
    }
}
