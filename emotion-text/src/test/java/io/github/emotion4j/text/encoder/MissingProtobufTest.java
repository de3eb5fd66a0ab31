package io.github.emotion4j.text.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.text.MiniLmTextProvider;
import io.github.emotion4j.text.TextOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * protobuf-java is an optional dependency of emotion-text: the encoders that need it (a low-rank
 * adapter, {@code minilm-meld}; a graph cut, {@code minilm-l3}) must say so with a
 * {@link ModelLoadException} when it is missing, not fail with a {@link NoClassDefFoundError}. Run in a
 * child JVM whose class path is this test's without the protobuf jar.
 */
class MissingProtobufTest {
    /** Child JVM: builds a recognizer with the encoder given; prints the outcome on one line, exit 0. */
    public static void main(String[] args) {
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(new MiniLmTextProvider())
                .option(TextOptions.ENCODER, args[0]).build()) {
            System.out.println("BUILT " + r.models());
        } catch (ModelLoadException e) {
            System.out.println("MODEL_LOAD_EXCEPTION " + e.getMessage());
        } catch (Throwable t) {
            System.out.println("OTHER " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm-l3", "minilm-meld"})
    void withoutProtobufTheEncoderIsATypedErrorNamingIt(String encoder) throws Exception {
        List<String> kept = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("protobuf-java")).collect(Collectors.toList());
        assertTrue(kept.size() < System.getProperty("java.class.path").split(File.pathSeparator).length,
                "protobuf-java is on the test class path (so that it can be left out)");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, kept), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                MissingProtobufTest.class.getName(), encoder));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM ended");
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("BUILT") || l.startsWith("MODEL_LOAD_EXCEPTION")
                || l.startsWith("OTHER")).findFirst().orElse(out);
        assertTrue(line.startsWith("MODEL_LOAD_EXCEPTION") && line.contains("protobuf-java"), line);
    }
}
