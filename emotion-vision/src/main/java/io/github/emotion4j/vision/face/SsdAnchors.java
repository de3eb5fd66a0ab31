package io.github.emotion4j.vision.face;

import java.util.Arrays;

/**
 * Anchor centres of MediaPipe's {@code SsdAnchorsCalculator} with BlazeFace's options
 * ({@code aspect_ratios = [1.0]}, {@code interpolated_scale_aspect_ratio = 1.0},
 * {@code anchor_offset = 0.5}, {@code fixed_anchor_size = true}): consecutive layers with the same
 * stride share one feature map, and every layer puts two anchors on each cell of it. With fixed
 * anchor sizes only the centres matter; they are in [0, 1] of the model input, x then y.
 */
final class SsdAnchors {
    private SsdAnchors() {
    }

    /**
     * The anchor centres, {@code [x0, y0, x1, y1, ...]}, in the order of the model's outputs.
     *
     * @param inputSize the square model input's side in pixels
     * @param strides   the strides of the layers, e.g. {@code 8, 16, 16, 16}
     */
    static float[] centres(int inputSize, int... strides) {
        if (inputSize <= 0 || strides.length == 0) {
            throw new IllegalArgumentException("need a positive input size and at least one stride, was " + inputSize
                    + " " + Arrays.toString(strides));
        }
        int total = 0;
        for (int layer = 0; layer < strides.length; ) {
            int last = layer;
            while (last < strides.length && strides[last] == strides[layer]) {
                last++;
            }
            int cells = (int) Math.ceil((double) inputSize / strides[layer]);
            total += cells * cells * 2 * (last - layer);
            layer = last;
        }
        float[] out = new float[total * 2];
        int k = 0;
        for (int layer = 0; layer < strides.length; ) {
            int last = layer;
            while (last < strides.length && strides[last] == strides[layer]) {
                last++;
            }
            if (strides[layer] <= 0) {
                throw new IllegalArgumentException("strides must be positive, were " + Arrays.toString(strides));
            }
            int cells = (int) Math.ceil((double) inputSize / strides[layer]);
            int perCell = 2 * (last - layer);
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int a = 0; a < perCell; a++) {
                        out[k++] = (x + 0.5f) / cells;
                        out[k++] = (y + 0.5f) / cells;
                    }
                }
            }
            layer = last;
        }
        return out;
    }
}
