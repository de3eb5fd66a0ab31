package io.github.emotion4j.programs.vision.fer;

import java.util.SplittableRandom;

/**
 * Samples a grey face (side {@code s}) onto the {@code out x out} network input: the resize of
 * emotion4j's FacePreprocessor (TensorFlow classic bilinear: source = destination * s / out,
 * neighbours clamped) composed, when augmenting, with a random horizontal flip, rotation, scale and
 * shift about the centre (border pixels repeated) and a brightness/contrast change; then
 * {@code (g - 0.5) * 2} as human does; {@code g} is already the weighted grey of {@link FaceCache}
 * (weights summing to 0.9999), which is what the exported model computes from RGB / 255.
 */
final class Augment {
    /** Augmentation ranges. */
    record Ranges(double maxDegrees, double maxScale, double maxShift, double maxBrightness, double maxContrast) {
        static final Ranges NONE = new Ranges(0, 0, 0, 0, 0);
        static final Ranges DEFAULT = new Ranges(10, 0.1, 0.08, 0.1, 0.2);
    }

    private Augment() {
    }

    /** Writes one sample at {@code dst[off .. off + out*out)}; {@code rnd} null = no augmentation. */
    static void sample(float[] px, int img, int s, int out, float[] dst, int off, Ranges r, SplittableRandom rnd) {
        int base = img * s * s;
        double step = (double) s / out;
        boolean aug = rnd != null;
        boolean flip = aug && rnd.nextBoolean();
        double ang = aug ? Math.toRadians(uniform(rnd, r.maxDegrees())) : 0;
        double scale = aug ? 1 + uniform(rnd, r.maxScale()) : 1;
        double tx = aug ? uniform(rnd, r.maxShift()) * s : 0;
        double ty = aug ? uniform(rnd, r.maxShift()) * s : 0;
        double bright = aug ? uniform(rnd, r.maxBrightness()) : 0;
        double contrast = aug ? 1 + uniform(rnd, r.maxContrast()) : 1;
        double c = (s - 1) / 2.0;
        double cos = Math.cos(ang) / scale;
        double sin = Math.sin(ang) / scale;
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                double sx = ox * step;
                double sy = oy * step;
                float v;
                if (aug) {
                    double dx = sx - c - tx;
                    double dy = sy - c - ty;
                    double ux = cos * dx + sin * dy + c;
                    double uy = -sin * dx + cos * dy + c;
                    if (flip) {
                        ux = (s - 1) - ux;
                    }
                    v = bilinear(px, base, s, ux, uy);
                    v = (float) ((v - 0.5) * contrast + 0.5 + bright);
                    v = Math.max(0f, Math.min(1f, v));
                } else {
                    v = tfClassic(px, base, s, sx, sy);
                }
                dst[off + oy * out + ox] = 2 * v - 1;
            }
        }
    }

    private static double uniform(SplittableRandom rnd, double max) {
        return max == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * max;
    }

    /** Exactly the preprocessor's resize: floor neighbours, the next one clamped to the last pixel. */
    private static float tfClassic(float[] px, int base, int s, double sx, double sy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        int x1 = Math.min(x0 + 1, s - 1);
        int y1 = Math.min(y0 + 1, s - 1);
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        float top = px[base + y0 * s + x0] + (px[base + y0 * s + x1] - px[base + y0 * s + x0]) * fx;
        float bottom = px[base + y1 * s + x0] + (px[base + y1 * s + x1] - px[base + y1 * s + x0]) * fx;
        return top + (bottom - top) * fy;
    }

    /** Bilinear with border replication at any real coordinate. */
    private static float bilinear(float[] px, int base, int s, double x, double y) {
        x = Math.max(0, Math.min(s - 1, x));
        y = Math.max(0, Math.min(s - 1, y));
        return tfClassic(px, base, s, x, y);
    }
}
