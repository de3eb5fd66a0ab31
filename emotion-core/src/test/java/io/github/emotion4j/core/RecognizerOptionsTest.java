package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.core.testing.FakeModalities;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Options are checked at build(): unknown keys and bad values fail, naming the valid keys. */
class RecognizerOptionsTest {
    static final OptionSpec<Double> FPS = OptionSpec.number("vision.fps", "frames per second, 0 = every frame", 4, 0, 1000);
    static final OptionSpec<Mode> MODE = OptionSpec.oneOf("vision.mode", "auto, always or never", Mode.AUTO);

    enum Mode { AUTO, ALWAYS, NEVER }

    /** A vision provider declaring two options; remembers what it read. */
    record Provider(AtomicReference<Double> fps) implements ModalityAnalyzerProvider {
        @Override
        public String name() {
            return "test-vision";
        }

        @Override
        public Modality modality() {
            return Modality.VISION;
        }

        @Override
        public List<OptionSpec<?>> options() {
            return List.of(FPS, MODE);
        }

        @Override
        public ModalityAnalyzer create(AnalyzerContext ctx) throws ModelLoadException {
            fps.set(ctx.option(FPS));
            return FakeModalities.provider(Modality.VISION, false).create(ctx);
        }
    }

    @Test
    void knownOptionsReachTheProviderParsed() throws Exception {
        AtomicReference<Double> fps = new AtomicReference<>();
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(new Provider(fps)).option("vision.fps", " 2.5")
                .option("vision.mode", "Always").build()) {
            assertEquals(2.5, fps.get());
            assertEquals(Emotion.HAPPINESS, r.predict(MediaInput.ofText("x")).fused().top().label());
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(new Provider(fps)).build()) {
            assertEquals(4.0, fps.get(), "the default when unset");
            assertEquals(java.util.Set.of(Modality.VISION), r.modalities());
        }
    }

    @Test
    void unknownKeyFailsListingValidKeys() {
        AtomicReference<Double> fps = new AtomicReference<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.builder().provider(new Provider(fps)).option("vision.fsp", "4").build());
        assertTrue(e.getMessage().contains("'vision.fsp'"), e.getMessage());
        assertTrue(e.getMessage().contains("vision.fps (frames per second, 0 = every frame; default 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("vision.mode"), e.getMessage());
        assertEquals(null, fps.get(), "fails before any provider is created");
    }

    @Test
    void optionOfAnUnconfiguredModalityNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new Provider(new AtomicReference<>())).option("audio.vad", "silero").build());
        assertTrue(e.getMessage().contains("audio, which is not configured"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(FakeModalities.provider(Modality.TEXT, false)).option("text.batchSize", "4").build());
        assertTrue(none.getMessage().contains("take no options"), none.getMessage());
    }

    @Test
    void badValueFailsNamingKeyValueAndValidKeys() {
        AtomicReference<Double> fps = new AtomicReference<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.builder().provider(new Provider(fps)).option("vision.fps", "fast").build());
        assertTrue(e.getMessage().contains("vision.fps='fast'") && e.getMessage().contains("must be a number"), e.getMessage());
        assertTrue(e.getMessage().contains("valid options: vision.fps"), e.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.builder().provider(new Provider(fps)).option("vision.fps", "-1").build());
        assertTrue(range.getMessage().contains("must be in [0, 1000]"), range.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> EmotionRecognizer.builder().provider(new Provider(fps)).option("vision.mode", "sometimes").build());
        assertTrue(mode.getMessage().contains("must be one of [auto, always, never]"), mode.getMessage());
        assertEquals(null, fps.get());
    }

    @Test
    void versionComesFromTheBuild() {
        assertFalse(EmotionRecognizer.VERSION.isBlank());
        assertFalse(EmotionRecognizer.VERSION.contains("${"), EmotionRecognizer.VERSION);
        assertFalse(EmotionRecognizer.VERSION.equals("unknown"), "version.properties was not filtered by the build");
        String fromMaven = System.getProperty("emotion4j.project.version");
        if (fromMaven != null) {
            assertEquals(fromMaven, EmotionRecognizer.VERSION);
        }
    }
}
