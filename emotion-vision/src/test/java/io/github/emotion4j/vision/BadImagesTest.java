package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.decode.ImageDecoder;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd and hostile images through the default (BlazeFace) analyser: a result or a typed exception, never a crash. */
class BadImagesTest {
    private static EngineRuntime runtime;
    private static VisionAnalyzer analyzer;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        runtime = EngineRuntime.cpu();
        analyzer = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(), Map.of()));
    }

    @AfterAll
    static void close() {
        analyzer.close();
        runtime.close();
    }

    @Test
    void theDefaultDetectorIsBlazeFaceAndItsModelsAreInTheProvenance() throws IOException {
        ModalityResult r = analyzer.analyze(MediaInput.ofImage(TestMedia.astronautPhoto()));
        assertEquals(1, r.details().get("faces").intValue());
        assertTrue(r.models().stream().anyMatch(m -> m.id().equals("face-blazeface-front")), r.models().toString());
        assertTrue(r.models().stream().anyMatch(m -> m.id().equals("face-blazeface-back")), r.models().toString());
    }

    @Test
    void noFaceAndAOneByOneImageAreResultsWithAWarning() throws IOException {
        ModalityResult none = analyzer.analyze(MediaInput.ofImage(TestMedia.blank(640, 480)));
        assertTrue(none.distribution().isEmpty());
        assertTrue(none.warnings().stream().anyMatch(w -> w.startsWith(VisionAnalyzer.NO_FACE)), none.warnings().toString());
        // a 1x1 image, in memory or as a file, is refused by name (smaller than ImageDecoder.MIN_SIDE)
        assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofImage(
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))));
        Path f = dir.resolve("one.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(f)));
        assertTrue(e.getMessage().contains("one.png"), e.getMessage());
    }

    @Test
    void aHugePngHeaderIsATypedExceptionNotAGigabyteAllocation() throws IOException {
        // 20000 x 20000 RGB would be 1.2 GB decoded; the header alone, and a header with 10 rows of data
        Path header = dir.resolve("header-only.png");
        png(header, 20000, 20000, 0);
        Path truncated = dir.resolve("ten-rows.png");
        png(truncated, 20000, 20000, 10);
        for (Path p : new Path[] {header, truncated}) {
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(p)));
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void greyAlphaCmykAndSixteenBitImagesAreRead() throws Exception {
        BufferedImage photo = TestMedia.astronautPhoto();
        Path grey = write(convert(photo, BufferedImage.TYPE_BYTE_GRAY), "png", "grey.png");
        Path alpha = write(convert(photo, BufferedImage.TYPE_INT_ARGB), "png", "alpha.png");
        Path sixteen = write(convert(photo, BufferedImage.TYPE_USHORT_GRAY), "png", "grey16.png");
        Path cmyk = cmykJpeg(photo, dir.resolve("cmyk.jpg"));
        for (Path p : new Path[] {grey, alpha, sixteen}) {
            ModalityResult r = analyzer.analyze(MediaInput.ofFile(p));
            assertEquals(1, r.details().get("faces").intValue(), p + ": " + r.warnings());
            assertFalse(r.distribution().isEmpty());
        }
        // 16 bits keep their picture: the decoded grey matches the 8-bit one
        BufferedImage a = new ImageDecoder().read(sixteen);
        BufferedImage b = new ImageDecoder().read(grey);
        assertEquals(b.getRGB(160, 100) & 0xff, a.getRGB(160, 100) & 0xff, 2);
        // a 4-channel (CMYK/YCCK) JPEG: ImageIO cannot read it, OpenCV does; whatever its colours, a result
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(cmyk));
        assertTrue(r.details().containsKey("faces"), r.toString());
    }

    private Path write(BufferedImage img, String format, String name) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "no " + format + " writer for type " + img.getType());
        return p;
    }

    private static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** A JPEG of four channels (the photo's inverted RGB plus a black channel), written from a raster. */
    private static Path cmykJpeg(BufferedImage photo, Path f) throws IOException {
        int w = photo.getWidth();
        int h = photo.getHeight();
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = photo.getRGB(x, y);
                r.setPixel(x, y, new int[] {255 - (p >> 16 & 0xff), 255 - (p >> 8 & 0xff), 255 - (p & 0xff), 0});
            }
        }
        ImageWriter jw = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(f.toFile())) {
            jw.setOutput(o);
            jw.write(null, new IIOImage(r, null, null), null);
        } finally {
            jw.dispose();
        }
        return f;
    }

    /** A colour PNG header of {@code w x h} with {@code rows} rows of zeros (0 = no image data at all). */
    private static void png(Path f, int w, int h, int rows) throws IOException {
        TestMedia.writeBlankPng(f, w, h, true, rows);
    }
}
