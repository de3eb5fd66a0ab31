package io.github.emotion4j.audio.encoder.learned;

import io.github.emotion4j.audio.decode.Resampler;
import io.github.emotion4j.audio.encoder.EncoderOutput;
import io.github.emotion4j.audio.encoder.Wav2Vec2Encoder;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The bundled learned speech encoder ({@value #ID}: strided convolutions over the 16 kHz waveform,
 * a small transformer, attentive pooling and a 4-class head for anger, happiness, neutral,
 * sadness; see its MODEL_CARD.md) behind {@link Wav2Vec2Encoder}, the adapter for user-supplied
 * wav2vec2/HuBERT models, plus the checks a waveform model needs before it is trusted:
 * <ul>
 *   <li>NaN or infinite samples are replaced by silence and reported in a warning (as the
 *       decoders do);</li>
 *   <li>input shorter than {@link #MIN_SECONDS} gives no distribution and a warning (the
 *       network would see one or two 20 ms frames);</li>
 *   <li>input whose RMS is below {@link #SILENCE_RMS} (-80 dBFS) gives no distribution and a
 *       warning, since standardising silence would blow up noise into a confident answer.</li>
 * </ul>
 * Other sample rates are resampled to 16 kHz. An option, not the default speech model: in the
 * speaker-independent evaluation on the card it does not beat the prosody model. Thread-safe
 * (the adapter is).
 */
public final class LearnedSpeechEncoder {
    /** The bundled model's id. */
    public static final String ID = "audio-learned-encoder-emodb-4class";
    /** Shortest input analysed, in seconds. */
    public static final double MIN_SECONDS = 0.25;
    /** RMS below which input counts as silence (-80 dBFS). */
    public static final double SILENCE_RMS = 1e-4;

    private final Wav2Vec2Encoder encoder;

    private LearnedSpeechEncoder(Wav2Vec2Encoder encoder) {
        this.encoder = encoder;
    }

    /**
     * What the encoder made of one clip.
     *
     * @param distribution emotions, empty when the input was too short or silent
     * @param output       the adapter's output (embedding, chunks), empty with the distribution
     * @param warnings     what was wrong with the input, in words
     */
    public record Result(Optional<EmotionDistribution> distribution, Optional<EncoderOutput> output, List<String> warnings) {
        /** Checks the components and copies the mutable ones. */
        public Result {
            Objects.requireNonNull(distribution, "distribution");
            Objects.requireNonNull(output, "output");
            warnings = List.copyOf(warnings);
        }
    }

    /** Loads the bundled model from the classpath with the runtime's engine choice, or a given engine. */
    public static LearnedSpeechEncoder load(EngineRuntime runtime, Optional<EngineKind> engine) throws ModelLoadException {
        return load(ModelLocator.fromClasspath(ID), runtime, engine);
    }

    /**
     * Loads a model folder with this contract (SHA-256-checked by the bundle).
     *
     * @throws ModelLoadException when the card is not a Hugging Face-contract encoder with a head
     */
    public static LearnedSpeechEncoder load(ModelBundle bundle, EngineRuntime runtime, Optional<EngineKind> engine)
            throws ModelLoadException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(engine, "engine");
        Wav2Vec2Encoder e = Wav2Vec2Encoder.load(bundle, runtime, engine);
        if (e.contract() != Wav2Vec2Encoder.Contract.HF_HIDDEN_STATES || !e.hasHead()) {
            throw new ModelLoadException("Model '" + bundle.card().id() + "': a learned speech encoder needs the hf contract"
                    + " (input_values -> last_hidden_state) and a classification head (head.layers)");
        }
        return new LearnedSpeechEncoder(e);
    }

    /** The adapter underneath. */
    public Wav2Vec2Encoder encoder() {
        return encoder;
    }

    /** Provenance (id, version, SHA-256 of the model file, engine, device). */
    public ModelInfo info() {
        return encoder.info();
    }

    /** Analyses a mono clip of any sample rate. */
    public Result analyse(AudioClip clip) {
        Objects.requireNonNull(clip, "clip");
        List<String> warnings = new ArrayList<>();
        float[] x = clip.samples();
        int bad = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                x[i] = 0;
                bad++;
            }
        }
        if (bad > 0) {
            warnings.add(bad + " NaN or infinite samples were replaced by silence");
        }
        if (clip.sampleRate() != 16_000) {
            x = Resampler.resample(x, clip.sampleRate(), 16_000);
        }
        double seconds = x.length / 16_000.0;
        if (seconds < MIN_SECONDS) {
            warnings.add(String.format(Locale.ROOT, "audio too short for the learned speech encoder: %.3f s < %.2f s",
                    seconds, MIN_SECONDS));
            return new Result(Optional.empty(), Optional.empty(), warnings);
        }
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        double rms = Math.sqrt(s / x.length);
        if (rms < SILENCE_RMS) {
            warnings.add(String.format(Locale.ROOT, "silence (RMS %.1f dBFS): no speech for the learned speech encoder",
                    20 * Math.log10(Math.max(rms, 1e-12))));
            return new Result(Optional.empty(), Optional.empty(), warnings);
        }
        EncoderOutput out = encoder.encode(x);
        return new Result(out.distribution(), Optional.of(out), warnings);
    }
}
