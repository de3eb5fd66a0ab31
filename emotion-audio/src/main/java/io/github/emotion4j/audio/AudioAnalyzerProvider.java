package io.github.emotion4j.audio;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import java.util.List;

/**
 * emotion-audio's entry point for {@link java.util.ServiceLoader}: provider {@code audio-prosody}
 * creates an {@link AudioAnalyzer}. Options: see {@link AudioOptions}.
 */
public final class AudioAnalyzerProvider implements ModalityAnalyzerProvider {
    /** The provider name. */
    public static final String NAME = "audio-prosody";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Modality modality() {
        return Modality.AUDIO;
    }

    @Override
    public List<OptionSpec<?>> options() {
        return AudioOptions.SPECS;
    }

    @Override
    public ModalityAnalyzer create(AnalyzerContext context) throws ModelLoadException {
        return AudioAnalyzer.create(context);
    }
}
