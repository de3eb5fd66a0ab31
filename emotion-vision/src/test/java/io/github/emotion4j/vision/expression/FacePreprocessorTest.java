package io.github.emotion4j.vision.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FacePreprocessorTest {
    private static BufferedImage grey(int w, int h, int[] values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = values[y * w + x];
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    @Test
    void tensorflowClassicBilinearUpscale() {
        // TF resize_bilinear(align_corners=False, half_pixel_centers=False) of [[0,100],[200,40]] to 4x4:
        // source coordinate = out * 0.5, neighbours clamped at the last row/column
        FacePreprocessor p = new FacePreprocessor(4, new double[] {0, 0, 0}, 1);
        float[] t = p.apply(grey(2, 2, new int[] {0, 100, 200, 40}));
        float[] expectedRow0 = {0, 50, 100, 100};
        float[] expectedRow1 = {100, 85, 70, 70};
        float[] expectedRow2 = {200, 120, 40, 40};
        for (int x = 0; x < 4; x++) {
            assertEquals(expectedRow0[x], t[x], 1e-4);
            assertEquals(expectedRow1[x], t[4 + x], 1e-4);
            assertEquals(expectedRow2[x], t[8 + x], 1e-4);
            assertEquals(expectedRow2[x], t[12 + x], 1e-4);
        }
        // the same values on all three channels
        assertEquals(t[5], t[16 + 5], 0);
        assertEquals(t[5], t[32 + 5], 0);
    }

    @Test
    void padsCentredWithBlackAndNormalises() {
        // 1 wide, 3 high: padded to 3x3 with one black column before and one after
        FacePreprocessor p = new FacePreprocessor(3, new double[] {10, 20, 30}, 0.5);
        BufferedImage img = new BufferedImage(1, 3, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 3; y++) {
            img.setRGB(0, y, 200 << 16 | 100 << 8 | 50);
        }
        float[] t = p.apply(img);
        assertEquals((0 - 10) * 0.5f, t[0], 1e-5);
        assertEquals((200 - 10) * 0.5f, t[1], 1e-5);
        assertEquals((0 - 10) * 0.5f, t[2], 1e-5);
        assertEquals((100 - 20) * 0.5f, t[9 + 1], 1e-5);
        assertEquals((50 - 30) * 0.5f, t[18 + 1], 1e-5);
    }

    @Test
    void oddPaddingPutsTheExtraPixelAfter() {
        // 2 wide, 5 high: difference 3 -> 1 column before, 2 after (face-api.js padToSquare)
        FacePreprocessor p = new FacePreprocessor(5, new double[] {0, 0, 0}, 1);
        BufferedImage img = new BufferedImage(2, 5, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 5; y++) {
            img.setRGB(0, y, 0x646464);
            img.setRGB(1, y, 0x646464);
        }
        float[] t = p.apply(img);
        assertEquals(0, t[0], 0);
        assertEquals(100, t[1], 0);
        assertEquals(100, t[2], 0);
        assertEquals(0, t[3], 0);
        assertEquals(0, t[4], 0);
    }

    /** Random colours, in the given image type. */
    private static BufferedImage noise(int w, int h, int type, long seed) {
        java.util.Random r = new java.util.Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    @Test
    void mirroredInputIsExactlyTheInputOfTheMirrorImage() {
        // wide, tall, odd differences, shrinking and enlarging, exactly the model side, grey and RGB images
        FacePreprocessor p = new FacePreprocessor(112, new double[] {122.782, 117.001, 104.298}, 1 / 255.0);
        int[][] sizes = {{112, 112}, {113, 112}, {200, 170}, {57, 91}, {1, 3}, {3, 1}, {224, 224}, {300, 301}};
        int[] types = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY};
        long seed = 1;
        for (int[] s : sizes) {
            for (int type : types) {
                BufferedImage img = noise(s[0], s[1], type, seed++);
                float[] viaCopy = new float[p.tensorSize() + 5];
                float[] direct = new float[p.tensorSize() + 5];
                p.apply(FacePreprocessor.mirror(img), viaCopy, 5);
                p.applyMirrored(img, direct, 5);
                org.junit.jupiter.api.Assertions.assertArrayEquals(viaCopy, direct, 0f,
                        s[0] + "x" + s[1] + " type " + type);
                if (s[0] > 1) {
                    org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(p.apply(img), java.util.Arrays.copyOfRange(viaCopy, 5, 5 + p.tensorSize())),
                            "the mirror's input differs from the image's (" + s[0] + "x" + s[1] + ")");
                }
            }
        }
    }

    /** The bilinear path as first written (every neighbour read through a bounds check), on a packed BGR image. */
    private static float[] reference(byte[] bgr, int w, int h, int size, float[] mean, float scale) {
        float[] dst = new float[3 * size * size];
        int side = Math.max(w, h);
        int padX = w < h ? FacePreprocessor.leadingPad(w, h) : 0;
        int padY = h < w ? FacePreprocessor.leadingPad(w, h) : 0;
        float step = (float) side / size;
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            float sy = y * step;
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, side - 1);
            float fy = sy - y0;
            for (int x = 0; x < size; x++) {
                float sx = x * step;
                int lo = (int) Math.floor(sx);
                int x1 = Math.min(lo + 1, side - 1);
                float fx = sx - lo;
                for (int c = 0; c < 3; c++) {
                    int b = 2 - c;
                    float tl = at(bgr, w, h, lo - padX, y0 - padY, b);
                    float tr = at(bgr, w, h, x1 - padX, y0 - padY, b);
                    float bl = at(bgr, w, h, lo - padX, y1 - padY, b);
                    float br = at(bgr, w, h, x1 - padX, y1 - padY, b);
                    float top = tl + (tr - tl) * fx;
                    float bottom = bl + (br - bl) * fx;
                    float v = top + (bottom - top) * fy;
                    dst[c * plane + y * size + x] = (v - mean[c]) * scale;
                }
            }
        }
        return dst;
    }

    private static float at(byte[] bgr, int w, int h, int x, int y, int channel) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : bgr[(y * w + x) * 3 + channel] & 0xff;
    }

    @Test
    void theBilinearPathGivesExactlyThePixelByPixelValues() {
        float[] mean = {122.782f, 117.001f, 104.298f};
        FacePreprocessor p = new FacePreprocessor(112, new double[] {122.782, 117.001, 104.298}, 1 / 255.0);
        java.util.Random r = new java.util.Random(5);
        for (int round = 0; round < 40; round++) {
            int w = 1 + r.nextInt(round < 20 ? 60 : 400);
            int h = 1 + r.nextInt(round < 20 ? 60 : 400);
            BufferedImage img = noise(w, h, BufferedImage.TYPE_3BYTE_BGR, round);
            byte[] bgr = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            org.junit.jupiter.api.Assertions.assertArrayEquals(reference(bgr, w, h, 112, mean, (float) (1 / 255.0)), p.apply(img),
                    0f, w + "x" + h);
        }
    }

    @Test
    void aCropOfTheModelSideIsCopiedPixelForPixel() {
        // the 1:1 path (an aligned 112x112 face) gives what the bilinear path would: each pixel, normalised
        FacePreprocessor p = new FacePreprocessor(4, new double[] {10, 20, 30}, 0.5);
        BufferedImage img = noise(4, 4, BufferedImage.TYPE_3BYTE_BGR, 7);
        float[] t = p.apply(img);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int rgb = img.getRGB(x, y);
                assertEquals(((rgb >> 16 & 0xff) - 10) * 0.5f, t[y * 4 + x], 0);
                assertEquals(((rgb >> 8 & 0xff) - 20) * 0.5f, t[16 + y * 4 + x], 0);
                assertEquals(((rgb & 0xff) - 30) * 0.5f, t[32 + y * 4 + x], 0);
            }
        }
    }

    @Test
    void scaleFractionsParse() {
        assertEquals(1 / 255.0, FacePreprocessor.parseNumber("1/255"), 1e-15);
        assertEquals(0.5, FacePreprocessor.parseNumber(" 0.5 "), 0);
    }
}
