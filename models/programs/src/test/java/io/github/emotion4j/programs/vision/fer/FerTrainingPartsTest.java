package io.github.emotion4j.programs.vision.fer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.vision.expression.FacePreprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the FER2013 fine-tuning that must agree with the library and the converter. */
class FerTrainingPartsTest {
    @TempDir
    Path dir;

    private static BufferedImage greyFace(long seed) {
        Random r = new Random(seed);
        // as ImageDecoder gives a grey JPEG: TYPE_3BYTE_BGR with equal channels
        BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                int v = (x * 5 + y * 3 + r.nextInt(40)) & 0xff;
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    @Test
    void trainingInputWithoutAugmentationIsWhatTheExportedModelComputes() {
        // the exported model reads FacePreprocessor's RGB / 255 and computes 2 * (0.2989 R + 0.587 G + 0.114 B) - 1
        BufferedImage img = greyFace(1);
        float[] lib = new FacePreprocessor(64, new double[] {0, 0, 0}, 1 / 255.0).apply(img);
        float[] grey = FaceCache.grey(img);
        float[] train = new float[64 * 64];
        Augment.sample(grey, 0, 48, 64, train, 0, Augment.Ranges.NONE, null);
        int plane = 64 * 64;
        for (int i = 0; i < plane; i++) {
            float model = 2 * (0.2989f * lib[i] + 0.5870f * lib[plane + i] + 0.1140f * lib[2 * plane + i]) - 1;
            assertEquals(model, train[i], 1e-5f, "pixel " + i);
        }
    }

    @Test
    void augmentationChangesTheInputButStaysInRange() {
        float[] grey = FaceCache.grey(greyFace(2));
        float[] plain = new float[64 * 64];
        float[] aug = new float[64 * 64];
        Augment.sample(grey, 0, 48, 64, plain, 0, Augment.Ranges.NONE, null);
        Augment.sample(grey, 0, 48, 64, aug, 0, Augment.Ranges.DEFAULT, new SplittableRandom(5));
        assertNotEquals(Arrays.toString(plain), Arrays.toString(aug));
        for (float v : aug) {
            assertTrue(v >= -1.0001f && v <= 1.0001f, "value " + v);
        }
    }

    @Test
    void parameterFilesRoundTripAndRefuseOtherFiles() throws IOException {
        Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
        t.put("conv1.weight", new ParamFile.Tensor(new long[] {2, 1, 1, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("conv1.bias", new ParamFile.Tensor(new long[] {2}, new float[] {-1.5f, 0.25f}));
        Path f = dir.resolve("p.e4jp");
        ParamFile.write(f, t);
        Map<String, ParamFile.Tensor> back = ParamFile.read(f);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(back.keySet()));
        for (String k : t.keySet()) {
            assertArrayEquals(t.get(k).shape(), back.get(k).shape());
            assertArrayEquals(t.get(k).values(), back.get(k).values());
        }
        Files.write(dir.resolve("bad"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThrows(IOException.class, () -> ParamFile.read(dir.resolve("bad")));
    }

    @Test
    void theInnerSplitIsStratifiedDisjointAndRepeatable() {
        int[] y = new int[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 7 == 0 ? 1 : i % 3;
        }
        int[][] s = FerFineTune.split(y, 7, 0.1, 1);
        assertEquals(y.length, s[0].length + s[1].length);
        assertArrayEquals(s[1], FerFineTune.split(y, 7, 0.1, 1)[1]);
        assertTrue(Arrays.stream(s[1]).noneMatch(i -> Arrays.binarySearch(s[0], i) >= 0));
        long ones = Arrays.stream(s[1]).filter(i -> y[i] == 1).count();
        long all = Arrays.stream(y).filter(v -> v == 1).count();
        assertEquals(Math.round(all * 0.1), ones);
    }
}
