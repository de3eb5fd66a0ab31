package io.github.emotion4j.audio;

import io.github.emotion4j.audio.classify.SpeechEmotionModel;
import io.github.emotion4j.audio.prosody.PitchAlgorithm;
import io.github.emotion4j.audio.vad.SpeechSegmenter;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.OptionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the audio analyser, set with {@code EmotionRecognizer.Builder#option} and checked at
 * {@code build()} against {@link #SPECS}:
 * <ul>
 *   <li>{@code audio.model} — {@code 7class} (default, EmoDB's seven classes incl. boredom) or
 *       {@code 4class}; a model folder for the audio modality replaces the bundled model;</li>
 *   <li>{@code audio.vad} — {@code energy} (default) or {@code silero} (Silero VAD v5, ONNX);</li>
 *   <li>{@code audio.pitch} — {@code yin} (default, TarsosDSP FastYin) or {@code mpm} (McLeod);</li>
 *   <li>{@code audio.encoder} — folder of a wav2vec2/HuBERT-style model (default none);
 *       {@code audio.encoder.engine} — {@code onnxruntime} or {@code pytorch} (default: the runtime's
 *       choice); {@code audio.encoder.chunkSeconds} and {@code audio.encoder.overlapSeconds}
 *       (default 1, at most half a window) override the card's windows;</li>
 *   <li>{@code audio.minSpeech}, {@code audio.minSilence}, {@code audio.maxSegment} — speech
 *       segmentation in seconds (defaults 0.25, 0.5, 10);</li>
 *   <li>{@code audio.threads} — segments analysed side by side at most, on the recognizer's
 *       executor (default: the number of cores; 1 = on the calling thread while decoding);</li>
 *   <li>{@code audio.normalize} — {@code corpus} (default: per file, the training corpus's
 *       statistics), {@code auto} (a recording with at least {@link #RECORDING_MIN_SPEECH_SECONDS} s
 *       of speech in at least {@link #RECORDING_MIN_SEGMENTS} segments is standardised by its own
 *       feature statistics before the model's speaker-normalised head, shorter input by the
 *       corpus statistics) or {@code recording} (the recording's own statistics from
 *       {@link #RECORDING_MIN_SEGMENTS} segments on). Per-recording statistics assume one voice
 *       whose speech varies across emotions, as a long conversation does: standardising a
 *       recording of <em>one</em> emotion by itself removes that emotion (measured in the nested
 *       EmoDB run: 0.25 accuracy on 4 classes, 0.14 on 7, see the model cards), which is why it
 *       is not the default. A speaker baseline, when given, takes precedence.</li>
 * </ul>
 *
 * @param modelId        bundled classifier id ({@link SpeechEmotionModel#DEFAULT_ID} or {@link SpeechEmotionModel#FOUR_CLASS_ID})
 * @param vad            voice activity detector
 * @param pitch          pitch tracker
 * @param encoder        encoder model folder, if any
 * @param encoderEngine  engine for the encoder, if chosen
 * @param chunkSeconds   encoder window in seconds, if overriding the card's
 * @param overlapSeconds encoder window overlap in seconds (used with {@code chunkSeconds})
 * @param minSpeech      shortest speech segment, seconds
 * @param minSilence     shortest pause that splits segments, seconds
 * @param maxSegment     longest segment, seconds
 * @param threads        segments analysed side by side at most
 * @param normalize      feature normalisation
 */
public record AudioOptions(String modelId, Vad vad, PitchAlgorithm pitch, Optional<Path> encoder,
                           Optional<EngineKind> encoderEngine, Optional<Double> chunkSeconds, double overlapSeconds,
                           double minSpeech, double minSilence, double maxSegment, int threads,
                           Normalize normalize) {
    /** Speech seconds from which {@link Normalize#AUTO} uses the recording's own statistics. */
    public static final double RECORDING_MIN_SPEECH_SECONDS = 20;
    /** Fewest speech segments for per-recording statistics. */
    public static final int RECORDING_MIN_SEGMENTS = 3;

    /** Feature normalisation before the classifier. */
    public enum Normalize {
        /** The recording's own statistics when it has enough speech, else the corpus's. */
        AUTO,
        /** Always the training corpus's statistics (per file, no speaker information); the default. */
        CORPUS,
        /** The recording's own statistics whenever it has {@link #RECORDING_MIN_SEGMENTS} segments. */
        RECORDING
    }

    /** Voice activity detectors. */
    public enum Vad {
        /** Frame energy against an adaptive noise floor (plain Java). */
        ENERGY,
        /** Silero VAD v5 (ONNX Runtime). */
        SILERO
    }

    private static final SpeechSegmenter.Config SEG = SpeechSegmenter.Config.defaults();

    static final OptionSpec<String> MODEL = new OptionSpec<>("audio.model", "bundled classifier: 7class or 4class",
            SpeechEmotionModel.DEFAULT_ID, "7class", AudioOptions::modelId);
    static final OptionSpec<Vad> VAD = new OptionSpec<>("audio.vad", "voice activity detector: energy or silero",
            Vad.ENERGY, "energy", s -> s.strip().equalsIgnoreCase("silero-v5") ? Vad.SILERO : OptionSpec.enumValue(Vad.class, s));
    static final OptionSpec<PitchAlgorithm> PITCH = new OptionSpec<>("audio.pitch", "pitch tracker: yin or mpm",
            PitchAlgorithm.YIN, "yin", PitchAlgorithm::parse);
    static final OptionSpec<Optional<Path>> ENCODER = new OptionSpec<>("audio.encoder",
            "folder of a wav2vec2/HuBERT-style encoder model", Optional.empty(), "none",
            s -> s.isBlank() ? Optional.empty() : Optional.of(Path.of(s.strip())));
    static final OptionSpec<Optional<EngineKind>> ENCODER_ENGINE = new OptionSpec<>("audio.encoder.engine",
            "engine of the encoder: onnxruntime or pytorch", Optional.empty(), "the runtime's choice",
            s -> Optional.of(EngineKind.parse(s)));
    static final OptionSpec<Optional<Double>> CHUNK_SECONDS = new OptionSpec<>("audio.encoder.chunkSeconds",
            "encoder window in seconds, > 0", Optional.empty(), "the encoder card's", s -> {
                double v = number(s);
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("must be > 0");
                }
                return Optional.of(v);
            });
    static final OptionSpec<Double> OVERLAP_SECONDS = OptionSpec.number("audio.encoder.overlapSeconds",
            "overlap of encoder windows in seconds (with audio.encoder.chunkSeconds; at most half a window)", 1, 0, 3600);
    static final OptionSpec<Double> MIN_SPEECH = OptionSpec.number("audio.minSpeech",
            "shortest speech segment, seconds", SEG.minSpeech(), 0, 3600);
    static final OptionSpec<Double> MIN_SILENCE = OptionSpec.number("audio.minSilence",
            "shortest pause that splits speech, seconds, > 0", SEG.minSilence(), 1e-3, 3600);
    static final OptionSpec<Double> MAX_SEGMENT = OptionSpec.number("audio.maxSegment",
            "longest speech segment, seconds, > audio.minSpeech", SEG.maxSegment(), 1e-3, 86_400);
    static final OptionSpec<Integer> THREADS = OptionSpec.integer("audio.threads",
            "segments analysed side by side at most; 1 = on the calling thread", Runtime.getRuntime().availableProcessors(), 1);

    static final OptionSpec<Normalize> NORMALIZE = new OptionSpec<>("audio.normalize",
            "feature normalisation: corpus, auto (recording statistics from 20 s of speech) or recording", Normalize.CORPUS,
            "corpus", s -> OptionSpec.enumValue(Normalize.class, s));

    /** The options the audio provider declares. */
    public static final List<OptionSpec<?>> SPECS = List.of(MODEL, VAD, PITCH, ENCODER, ENCODER_ENGINE, CHUNK_SECONDS,
            OVERLAP_SECONDS, MIN_SPEECH, MIN_SILENCE, MAX_SEGMENT, THREADS, NORMALIZE);

    /** Checks the components and copies the mutable ones. */
    public AudioOptions {
        modelId = modelId(Objects.requireNonNull(modelId, "modelId"));
        Objects.requireNonNull(vad, "vad");
        Objects.requireNonNull(pitch, "pitch");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(encoderEngine, "encoderEngine");
        Objects.requireNonNull(chunkSeconds, "chunkSeconds");
        if (chunkSeconds.isPresent() && !(chunkSeconds.get() > 0)) {
            throw new IllegalArgumentException("audio.encoder.chunkSeconds must be > 0, was " + chunkSeconds.get());
        }
        if (!(overlapSeconds >= 0)) {
            throw new IllegalArgumentException("audio.encoder.overlapSeconds must be >= 0, was " + overlapSeconds);
        }
        if (!(minSpeech >= 0) || !(minSilence > 0) || !(maxSegment > minSpeech)) {
            throw new IllegalArgumentException("audio segmentation needs audio.minSpeech >= 0, audio.minSilence > 0 and"
                    + " audio.maxSegment > audio.minSpeech; were " + minSpeech + ", " + minSilence + ", " + maxSegment);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("audio.threads must be >= 1, was " + threads);
        }
        Objects.requireNonNull(normalize, "normalize");
    }

    /** The defaults. */
    public static AudioOptions defaults() {
        return new AudioOptions(MODEL.defaultValue(), VAD.defaultValue(), PITCH.defaultValue(), Optional.empty(),
                Optional.empty(), Optional.empty(), OVERLAP_SECONDS.defaultValue(), MIN_SPEECH.defaultValue(),
                MIN_SILENCE.defaultValue(), MAX_SEGMENT.defaultValue(), THREADS.defaultValue(), NORMALIZE.defaultValue());
    }

    /** Reads the {@code audio.*} options of a context, defaults for the rest. */
    public static AudioOptions from(AnalyzerContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return new AudioOptions(MODEL.from(ctx), VAD.from(ctx), PITCH.from(ctx), ENCODER.from(ctx), ENCODER_ENGINE.from(ctx),
                CHUNK_SECONDS.from(ctx), OVERLAP_SECONDS.from(ctx), MIN_SPEECH.from(ctx), MIN_SILENCE.from(ctx),
                MAX_SEGMENT.from(ctx), THREADS.from(ctx), NORMALIZE.from(ctx));
    }

    /** The speech segmentation these options describe (padding and threshold at their defaults). */
    public SpeechSegmenter.Config segmentation() {
        return new SpeechSegmenter.Config(minSpeech, minSilence, maxSegment, SEG.pad(), SEG.threshold());
    }

    /** A copy with another worker bound. */
    public AudioOptions withThreads(int n) {
        return new AudioOptions(modelId, vad, pitch, encoder, encoderEngine, chunkSeconds, overlapSeconds, minSpeech,
                minSilence, maxSegment, n, normalize);
    }

    private static String modelId(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "7class", "7", "emodb-7class", SpeechEmotionModel.DEFAULT_ID -> SpeechEmotionModel.DEFAULT_ID;
            case "4class", "4", "emodb-4class", SpeechEmotionModel.FOUR_CLASS_ID -> SpeechEmotionModel.FOUR_CLASS_ID;
            default -> throw new IllegalArgumentException("audio.model must be 7class or 4class, was '" + s + "'");
        };
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number", e);
        }
    }
}
