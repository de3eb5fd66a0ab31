package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.label.Emotion;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDataTest {
    @TempDir
    Path dir;

    @Test
    void folderOfSymbolicLinksToImagesIsRead() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        for (String n : List.of("a.png", "b.png", "c.png")) {
            ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR), "png", store.resolve(n).toFile());
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path happy = Files.createDirectories(data.resolve("happy"));
        Files.createSymbolicLink(happy.resolve("one.png"), store.resolve("a.png"));
        Files.createSymbolicLink(happy.resolve("two.png"), store.resolve("b.png"));
        Files.createSymbolicLink(happy.resolve("gone.png"), store.resolve("missing.png"));   // dangling: skipped
        Files.createSymbolicLink(happy.resolve("loop"), happy);                              // a loop: skipped
        // a class folder that is itself a link to a folder of images
        Files.createSymbolicLink(data.resolve("sad"), store);

        LabelledData d = LabelledData.read(data, Modality.VISION, Optional.empty(), 0);
        assertEquals(List.of(Emotion.HAPPINESS, Emotion.SADNESS), d.classes());
        assertEquals(5, d.examples().size(), d.examples().toString());
        assertEquals(2, d.examples().stream().filter(e -> e.truth() == Emotion.HAPPINESS).count());
        assertEquals(3, d.examples().stream().filter(e -> e.truth() == Emotion.SADNESS).count());
        assertEquals(List.of(happy.resolve("one.png"), happy.resolve("two.png")), LabelledData.filesBelow(happy));
    }
}
