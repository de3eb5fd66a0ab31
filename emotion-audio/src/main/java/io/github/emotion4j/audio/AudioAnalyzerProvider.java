package io.github.emotion4j.audio;

import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.spi.OptionSpec;
import io.github.emotion4j.audio.classify.SpeakerBaseline;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * emotion-audio's entry point for {@link java.util.ServiceLoader}: provider {@code audio-prosody}
 * creates an {@link AudioAnalyzer}. Options: see {@link AudioOptions}.
 */
public final class AudioAnalyzerProvider implements ModalityAnalyzerProvider {
    /** The provider name. */
    public static final String NAME = "audio-prosody";

    private final Optional<SpeakerBaseline> baseline;

    /** The provider {@link java.util.ServiceLoader} finds: no speaker baseline. */
    public AudioAnalyzerProvider() {
        this(Optional.empty());
    }

    private AudioAnalyzerProvider(Optional<SpeakerBaseline> baseline) {
        this.baseline = baseline;
    }

    /**
     * A provider whose analysers judge every recording against one speaker's baseline, for a
     * recognizer that listens to one known person:
     * {@code EmotionRecognizer.builder().withDefaultModels().provider(AudioAnalyzerProvider.withSpeakerBaseline(b))}.
     */
    public static AudioAnalyzerProvider withSpeakerBaseline(SpeakerBaseline baseline) {
        return new AudioAnalyzerProvider(Optional.of(Objects.requireNonNull(baseline, "baseline")));
    }

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
        return AudioAnalyzer.create(context, baseline);
    }
}
