package io.github.emotion4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.vision.TestMedia;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void readsColourJpegPngAndBmp() throws IOException {
        BufferedImage face = TestMedia.astronautFace();
        for (String fmt : new String[] {"jpg", "png", "bmp"}) {
            Path f = dir.resolve("face." + fmt);
            ImageIO.write(face, fmt.equals("jpg") ? "jpeg" : fmt, f.toFile());
            BufferedImage img = decoder.read(f);
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType(), fmt);
            assertEquals(face.getWidth(), img.getWidth(), fmt);
            assertEquals(face.getHeight(), img.getHeight(), fmt);
        }
    }

    @Test
    void greyImagesKeepTheirValuesOnThreeChannels() throws IOException {
        BufferedImage grey = new BufferedImage(32, 20, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        Path f = dir.resolve("grey.png");
        ImageIO.write(grey, "png", f.toFile());
        BufferedImage img = decoder.read(f);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            assertEquals(px[i], bgr[3 * i]);
            assertEquals(px[i], bgr[3 * i + 1]);
            assertEquals(px[i], bgr[3 * i + 2]);
        }
    }

    @Test
    void truncatedImagesFailNamingTheFile() throws IOException {
        BufferedImage face = TestMedia.astronautFace();
        for (String fmt : new String[] {"jpeg", "png"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(face, fmt, bytes);
            byte[] all = bytes.toByteArray();
            Path f = dir.resolve("truncated." + fmt);
            Files.write(f, Arrays.copyOf(all, all.length / 2));
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> decoder.read(f), fmt);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Test
    void garbageEmptyMissingAndTinyFilesFail() throws IOException {
        Path garbage = dir.resolve("garbage.jpg");
        Files.write(garbage, "this is not an image at all, just text".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(assertThrows(MediaDecodeException.class, () -> decoder.read(garbage)).getMessage().contains("garbage.jpg"));
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertTrue(assertThrows(MediaDecodeException.class, () -> decoder.read(empty)).getMessage().contains("empty"));
        assertThrows(MediaDecodeException.class, () -> decoder.read(dir.resolve("missing.png")));
        Path one = dir.resolve("one.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", one.toFile());
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> decoder.read(one));
        assertTrue(e.getMessage().contains("1x1") && e.getMessage().contains("one.png"), e.getMessage());
        assertThrows(MediaDecodeException.class, () -> decoder.prepare(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "mem"));
    }

    @Test
    void hugeImageIsSubsampledWhileDecoding() throws IOException {
        Path f = dir.resolve("huge.png");
        writeBlankPng(f, 10000, 10000);
        assertTrue(Files.size(f) < 1_000_000, "the test PNG is written compressed");
        BufferedImage img = decoder.read(f);
        assertTrue(img.getWidth() <= ImageDecoder.DEFAULT_MAX_SIDE && img.getHeight() <= ImageDecoder.DEFAULT_MAX_SIDE,
                img.getWidth() + "x" + img.getHeight());
        assertTrue(img.getWidth() >= 3000, "subsampled, not shrunk to nothing: " + img.getWidth());
    }

    @Test
    void largeInMemoryImageIsScaledDown() throws MediaDecodeException {
        BufferedImage img = decoder.prepare(new BufferedImage(5000, 100, BufferedImage.TYPE_BYTE_GRAY), "mem");
        assertEquals(ImageDecoder.DEFAULT_MAX_SIDE, img.getWidth());
        assertArrayEquals(new int[] {BufferedImage.TYPE_3BYTE_BGR}, new int[] {img.getType()});
    }

    /** A grey 8-bit PNG of zeros written chunk by chunk, never holding the image in memory. */
    static void writeBlankPng(Path f, int w, int h) throws IOException {
        TestMedia.writeBlankPng(f, w, h, false, h);
    }
}
