package io.github.emotion4j.programs.conversation;

import java.util.List;

/**
 * Dialogues padded to the longest one: features {@code [B, T, d]}, speakers (-2 on padding), labels
 * (-1 on padding), as flat row-major arrays.
 */
final class DialogueBatch {
    final int b;
    final int t;
    final int d;
    final float[] x;
    final int[] speakers;
    final int[] labels;

    /** A dialogue's rows, speakers and labels (labels may be null for inference). */
    record Item(float[][] x, int[] speakers, int[] labels) {
    }

    DialogueBatch(List<Item> items) {
        b = items.size();
        t = items.stream().mapToInt(i -> i.x().length).max().orElse(0);
        d = items.get(0).x()[0].length;
        x = new float[b * t * d];
        speakers = new int[b * t];
        labels = new int[b * t];
        java.util.Arrays.fill(speakers, -2);
        java.util.Arrays.fill(labels, -1);
        for (int i = 0; i < b; i++) {
            Item it = items.get(i);
            for (int j = 0; j < it.x().length; j++) {
                System.arraycopy(it.x()[j], 0, x, (i * t + j) * d, d);
                speakers[i * t + j] = Math.max(-1, it.speakers()[j]);
                labels[i * t + j] = it.labels() == null ? -1 : it.labels()[j];
            }
        }
    }

    boolean valid(int i, int j) {
        return speakers[i * t + j] != -2;
    }
}
