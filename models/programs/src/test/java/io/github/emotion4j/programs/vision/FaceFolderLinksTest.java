package io.github.emotion4j.programs.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder evaluator reads folders of symbolic links to images, and class folders that are links. */
class FaceFolderLinksTest {
    @TempDir
    Path dir;

    @Test
    void followsSymbolicLinks() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(i, i, 0, 200);
            ImageIO.write(img, "png", store.resolve("f" + i + ".png").toFile());
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path happy = Files.createDirectories(data.resolve("happy"));
        Files.createSymbolicLink(happy.resolve("a.png"), store.resolve("f0.png"));
        Files.createSymbolicLink(happy.resolve("b.png"), store.resolve("f1.png"));
        Files.createSymbolicLink(data.resolve("sad"), store);
        try (EngineRuntime rt = EngineRuntime.cpu();
             VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(rt, Map.of(),
                     Map.of("vision.detect", "never")))) {
            FaceFolderEvaluator.Result r = FaceFolderEvaluator.evaluate(a, data, false, 0);
            assertEquals(5, r.report().n(), r.toText());
            assertTrue(r.skipped().isEmpty(), r.toText());
        }
    }
}
