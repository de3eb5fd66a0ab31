package io.github.emotion4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.training.head.LinearProbe;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published classes name no path of this repository's data (users pass their own folders). */
class NoDataPathsTest {
    @Test
    void noSharedDataPathInTheCompiledClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(LinearProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class")).filter(f -> {
                try {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    return text.contains("shared/data") || text.contains("../shared");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(offenders.isEmpty(), "classes naming ../shared/data: " + offenders);
    }
}
