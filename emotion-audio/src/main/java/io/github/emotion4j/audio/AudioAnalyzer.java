package io.github.emotion4j.audio;

import io.github.emotion4j.audio.classify.CueExplainer;
import io.github.emotion4j.audio.classify.SpeakerBaseline;
import io.github.emotion4j.audio.classify.SpeechEmotionModel;
import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.decode.NoAudioTrackException;
import io.github.emotion4j.audio.encoder.Chunker;
import io.github.emotion4j.audio.encoder.EncoderOutput;
import io.github.emotion4j.audio.encoder.Wav2Vec2Encoder;
import io.github.emotion4j.audio.prosody.FeatureVector;
import io.github.emotion4j.audio.prosody.ProsodyExtractor;
import io.github.emotion4j.audio.vad.EnergyVad;
import io.github.emotion4j.audio.vad.SileroVad;
import io.github.emotion4j.audio.vad.SpeechSegment;
import io.github.emotion4j.audio.vad.SpeechSegmenter;
import io.github.emotion4j.audio.vad.VoiceActivityDetector;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.Embedding;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.fusion.WeightedMean;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.core.spi.CloseGuard;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Speech emotion from audio files, the audio track of videos, and raw sample arrays: decode to
 * 16 kHz mono (streamed), find speech segments, extract prosody features per segment, classify
 * each with the trained EmoDB model (and, optionally, a user-supplied wav2vec2/HuBERT encoder),
 * and aggregate the segments (weighted by duration) into the whole-file result with grounded
 * cues. No speech, silence or a video without audio track give a result without distribution
 * and a warning ("no speech found", "no audio track"); unreadable files raise
 * {@link MediaDecodeException} naming the file.
 *
 * <p>Options: see {@link AudioOptions} ({@code audio.model}, {@code audio.vad}, {@code audio.pitch},
 * {@code audio.encoder*}, segmentation and {@code audio.threads}); a model folder for
 * {@link Modality#AUDIO} replaces the bundled model.
 *
 * <p>Thread-safe: all state of an analysis lives in the call. Segments are analysed on the
 * recognizer's executor ({@link AnalyzerContext#executor()}) while decoding goes on, at most
 * {@code 2 x audio.threads} segments in flight so memory stays bounded for long files; a segment
 * no executor thread has started is analysed by the calling thread instead of waited for.
 */
public final class AudioAnalyzer implements ModalityAnalyzer {
    /**
     * Result detail saying which statistics the features were judged against:
     * {@link #NORMALIZED_BY_CORPUS}, {@link #NORMALIZED_BY_RECORDING} or {@link #NORMALIZED_BY_BASELINE}.
     */
    public static final String DETAIL_NORMALIZATION = "normalization";
    /**
     * Result detail of a model with channel experts: the recording condition its gate sees in the
     * file's (duration-weighted mean) features, as an index into
     * {@link io.github.emotion4j.audio.classify.SpeechEmotionModel#channels()} (0 = clean; for the
     * bundled 7-class model 1 = telephone, 2 = noisy). Each segment is judged by the head the gate
     * picks for that segment.
     */
    public static final String DETAIL_CHANNEL = "channel";
    /** {@link #DETAIL_NORMALIZATION}: the training corpus's statistics (per file, no speaker information). */
    public static final double NORMALIZED_BY_CORPUS = 0;
    /** {@link #DETAIL_NORMALIZATION}: the recording's own statistics, speaker-normalised head. */
    public static final double NORMALIZED_BY_RECORDING = 1;
    /** {@link #DETAIL_NORMALIZATION}: a speaker baseline, enrolled head. */
    public static final double NORMALIZED_BY_BASELINE = 2;

    /** A segment needs at least this share of voiced frames to count as speech. */
    static final double MIN_VOICED_RATIO = 0.15;

    private final SpeechEmotionModel model;
    private final ProsodyExtractor extractor;
    private final VoiceActivityDetector vad;
    private final SpeechSegmenter.Config segmentation;
    private final Optional<Wav2Vec2Encoder> encoder;
    private final CueExplainer explainer = new CueExplainer();
    private final List<ModelInfo> models;
    private final int threads;
    private final Executor executor;
    private final AudioOptions.Normalize normalize;
    private final Optional<SpeakerBaseline> baseline;
    private final boolean ownsVad;
    private final CloseGuard guard = new CloseGuard("audio analyser");

    AudioAnalyzer(SpeechEmotionModel model, ProsodyExtractor extractor, VoiceActivityDetector vad,
                  SpeechSegmenter.Config segmentation, Optional<Wav2Vec2Encoder> encoder, List<ModelInfo> extra, int threads,
                  Executor executor) {
        this(model, extractor, vad, segmentation, encoder, extra, threads, executor, AudioOptions.Normalize.CORPUS,
                Optional.empty(), true);
    }

    private AudioAnalyzer(SpeechEmotionModel model, ProsodyExtractor extractor, VoiceActivityDetector vad,
                          SpeechSegmenter.Config segmentation, Optional<Wav2Vec2Encoder> encoder, List<ModelInfo> extra,
                          int threads, Executor executor, AudioOptions.Normalize normalize,
                          Optional<SpeakerBaseline> baseline, boolean ownsVad) {
        this.model = Objects.requireNonNull(model, "model");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.vad = Objects.requireNonNull(vad, "vad");
        this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        List<ModelInfo> m = new ArrayList<>();
        m.add(model.info());
        m.addAll(extra);
        encoder.ifPresent(e -> m.add(e.info()));
        this.models = List.copyOf(m);
        if (threads < 1) {
            throw new IllegalArgumentException("audio.threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.normalize = Objects.requireNonNull(normalize, "normalize");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.ownsVad = ownsVad;
        this.extra = List.copyOf(extra);
    }

    private final List<ModelInfo> extra;

    /**
     * A view of this analyser that judges every recording against one speaker's baseline (their
     * neutral voice; see {@link SpeakerBaseline}), through the model's enrolled head; a model
     * without one ignores the baseline with a warning. Shares this analyser's model, detector
     * and executor; closing the view does not close them.
     */
    public AudioAnalyzer withSpeakerBaseline(SpeakerBaseline speakerBaseline) {
        Objects.requireNonNull(speakerBaseline, "speakerBaseline");
        return new AudioAnalyzer(model, extractor, vad, segmentation, encoder, extra, threads, executor, normalize,
                Optional.of(speakerBaseline), false);
    }

    /** The speaker baseline this analyser judges against, if any. */
    public Optional<SpeakerBaseline> speakerBaseline() {
        return baseline;
    }

    /** Builds an analyser from a context (bundled models unless the context names others). */
    public static AudioAnalyzer create(AnalyzerContext ctx) throws ModelLoadException {
        return create(ctx, Optional.empty());
    }

    /** Builds an analyser from a context that judges every recording against a speaker baseline, if given. */
    static AudioAnalyzer create(AnalyzerContext ctx, Optional<SpeakerBaseline> speakerBaseline) throws ModelLoadException {
        Objects.requireNonNull(ctx, "ctx");
        AudioOptions o = AudioOptions.from(ctx);
        Optional<Path> folder = ctx.modelFolder(Modality.AUDIO);
        Optional<Path> encoderFolder = o.encoder();
        ModelBundle bundle = null;
        if (folder.isPresent()) {
            ModelBundle b = ModelLocator.fromDirectory(folder.get());
            if (b.card().property("features").isPresent()) {
                bundle = b;
            } else if (encoderFolder.isEmpty()) {
                encoderFolder = folder;
            }
        }
        if (bundle == null) {
            bundle = ModelLocator.fromClasspath(o.modelId());
        }
        SpeechEmotionModel model = SpeechEmotionModel.load(bundle);
        List<ModelInfo> extra = new ArrayList<>();
        VoiceActivityDetector vad;
        switch (o.vad()) {
            case ENERGY -> vad = new EnergyVad();
            case SILERO -> {
                ModelBundle vb = ModelLocator.fromClasspath(SileroVad.MODEL_ID);
                SileroVad s = new SileroVad(ctx.runtime().session(vb, EngineKind.ONNX_RUNTIME), vb);
                extra.add(s.info());
                vad = s;
            }
            default -> throw new IllegalStateException("unhandled VAD " + o.vad());
        }
        Optional<Wav2Vec2Encoder> enc = Optional.empty();
        if (encoderFolder.isPresent()) {
            Wav2Vec2Encoder e = Wav2Vec2Encoder.load(ModelLocator.fromDirectory(encoderFolder.get()), ctx.runtime(),
                    o.encoderEngine());
            if (o.chunkSeconds().isPresent()) {
                double w = o.chunkSeconds().get();
                e = e.withChunker(Chunker.ofSeconds(w, Math.min(o.overlapSeconds(), w / 2)));
            }
            enc = Optional.of(e);
        }
        return new AudioAnalyzer(model, new ProsodyExtractor(o.pitch()), vad, o.segmentation(), enc, extra, o.threads(),
                ctx.executor(), o.normalize(), speakerBaseline, true);
    }

    @Override
    public Modality modality() {
        return Modality.AUDIO;
    }

    @Override
    public boolean accepts(MediaInput input) {
        Objects.requireNonNull(input, "input");
        if (input.audio().isPresent()) {
            return true;
        }
        return input.file().isPresent() && (input.kind() == MediaKind.AUDIO || input.kind() == MediaKind.VIDEO);
    }

    @Override
    public ModalityResult analyze(MediaInput input) throws IOException {
        Objects.requireNonNull(input, "input");
        return guard.call(() -> analyzeOpen(input));
    }

    private ModalityResult analyzeOpen(MediaInput input) throws IOException {
        AudioStream stream;
        try {
            if (input.audio().isPresent()) {
                stream = AudioDecoder.open(input.audio().get());
            } else if (input.file().isPresent()) {
                stream = AudioDecoder.open(input.file().get());
            } else {
                throw new IllegalArgumentException("input has no audio: " + input);
            }
        } catch (NoAudioTrackException e) {
            ModalityResult.Builder b = ModalityResult.builder(Modality.AUDIO)
                    .warning("no audio track in " + e.source().orElse(input.describe()))
                    .detail(TruncationCheck.NO_STREAM, 1);
            models.forEach(b::model);
            return b.build();
        }
        try (AudioStream s = stream) {
            return analyzeOpen(s);
        }
    }

    /** Analyses an open 16 kHz stream (read to its end; not closed here). */
    public ModalityResult analyze(AudioStream stream) throws MediaDecodeException {
        Objects.requireNonNull(stream, "stream");
        return guard.call(() -> analyzeOpen(stream));
    }

    private ModalityResult analyzeOpen(AudioStream stream) throws MediaDecodeException {
        LevelMeter meter = new LevelMeter(stream);
        List<ClaimableTask<Analysed>> pending = new ArrayList<>();
        SpeechSegmenter segmenter = new SpeechSegmenter(vad, segmentation);
        SpeechSegmenter.Summary summary;
        List<Analysed> parts = new ArrayList<>();
        try {
            summary = segmenter.run(meter, seg -> {
                if (threads == 1) {
                    pending.add(ClaimableTask.submit(AnalyzerContext.CALLING_THREAD, () -> analyse(seg)));
                    return;
                }
                pending.add(ClaimableTask.submit(executor, () -> analyse(seg)));
                // bound the segments (and their samples) held in memory: analyse (or wait for) the oldest
                int waiting = 0;
                for (int i = pending.size() - 1; i >= 0 && !pending.get(i).isDone(); i--) {
                    waiting++;
                }
                if (waiting > 2 * threads) {
                    result(pending.get(pending.size() - waiting));
                }
            });
            for (ClaimableTask<Analysed> f : pending) {
                parts.add(result(f));
            }
        } catch (MediaDecodeException | RuntimeException | Error e) {
            pending.forEach(ClaimableTask::cancel);
            throw e;
        }
        ModalityResult.Builder b = ModalityResult.builder(Modality.AUDIO);
        models.forEach(b::model);
        double seconds = summary.seconds();
        b.detail("duration_seconds", seconds);
        b.detail("source_sample_rate", stream.sourceSampleRate());
        b.detail("source_channels", stream.sourceChannels());
        warnings(b, stream, meter, seconds);
        List<Analysed> speech = parts.stream().filter(Analysed::speech).toList();
        double speechSeconds = speech.stream().mapToDouble(a -> a.span.duration()).sum();
        b.detail("speech_seconds", speechSeconds);
        b.detail("segments", speech.size());
        if (speech.isEmpty()) {
            b.warning(seconds < segmentation.minSpeech()
                    ? String.format(Locale.ROOT, "audio is only %.0f ms long: too short to judge", seconds * 1000)
                    : parts.isEmpty() ? "no speech found" : "no speech found (only unvoiced sound or noise)");
            return b.build();
        }
        speech = normalized(speech, speechSeconds, b);
        double[] weights = new double[speech.size()];
        List<FeatureVector> feats = new ArrayList<>();
        List<EmotionDistribution> dists = new ArrayList<>();
        List<Dimensions> dims = new ArrayList<>();
        for (int i = 0; i < speech.size(); i++) {
            Analysed a = speech.get(i);
            weights[i] = a.span.duration();
            feats.add(a.features);
            dists.add(a.distribution);
            a.dimensions.ifPresent(dims::add);
            b.segment(new Segment(a.span, a.distribution, a.dimensions.orElse(a.distribution.dimensions()),
                    Map.of(Modality.AUDIO, a.distribution), "speech"));
            a.encoded.ifPresent(e -> b.embedding(new Embedding(Modality.AUDIO, e.embedding(), Optional.of(a.span),
                    encoder.orElseThrow().info().id())));
        }
        EmotionDistribution whole = WeightedMean.distributions(dists, weights);
        b.distribution(whole);
        if (dims.size() == speech.size()) {
            b.dimensions(WeightedMean.dimensions(dims, weights));
        }
        FeatureVector mean = FeatureVector.weightedMean(feats, weights);
        int target = targetIndex(whole.top().label());
        explainer.explain(model, mean, target).forEach(b::cue);
        b.embedding(new Embedding(Modality.AUDIO, model.embedding(mean),
                Optional.of(new TimeSpan(speech.get(0).span.start(), speech.get(speech.size() - 1).span.end())),
                model.info().id()));
        mean.asMap().forEach((k, v) -> b.detail("feature." + k, v));
        if (model.channels().size() > 1) {
            b.detail(DETAIL_CHANNEL, model.channels().indexOf(model.channel(mean)));
        }
        return b.build();
    }

    /**
     * Re-judges the segments against the speaker baseline or the recording's own statistics when
     * they apply (see {@link AudioOptions.Normalize}); notes the choice as detail {@link #DETAIL_NORMALIZATION}.
     */
    private List<Analysed> normalized(List<Analysed> speech, double speechSeconds, ModalityResult.Builder b) {
        if (baseline.isPresent()) {
            if (!model.hasEnrolledHead()) {
                b.warning("model " + model.info().id() + " has no enrolled head: the speaker baseline is ignored");
            } else {
                b.detail(DETAIL_NORMALIZATION, NORMALIZED_BY_BASELINE);
                b.detail("baseline_clips", baseline.get().clips());
                return speech.stream().map(a -> a.rejudged(model.distribution(model.probabilities(a.features,
                        baseline.get())))).toList();
            }
        }
        boolean enough = speech.size() >= AudioOptions.RECORDING_MIN_SEGMENTS;
        boolean recording = model.hasSpeakerNormalizedHead() && enough && switch (normalize) {
            case AUTO -> speechSeconds >= AudioOptions.RECORDING_MIN_SPEECH_SECONDS;
            case RECORDING -> true;
            case CORPUS -> false;
        };
        if (!recording) {
            if (normalize == AudioOptions.Normalize.RECORDING) {
                b.warning(model.hasSpeakerNormalizedHead() ? "audio.normalize=recording needs at least "
                        + AudioOptions.RECORDING_MIN_SEGMENTS + " speech segments; corpus statistics used"
                        : "model " + model.info().id() + " has no speaker-normalised head; corpus statistics used");
            }
            b.detail(DETAIL_NORMALIZATION, NORMALIZED_BY_CORPUS);
            return speech;
        }
        int d = speech.get(0).features.size();
        double[] mean = new double[d];
        double[] var = new double[d];
        double total = 0;
        for (Analysed a : speech) {
            double w = a.span.duration();
            double[] v = a.features.values();
            for (int j = 0; j < d; j++) {
                mean[j] += w * v[j];
            }
            total += w;
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= total;
        }
        for (Analysed a : speech) {
            double w = a.span.duration();
            double[] v = a.features.values();
            for (int j = 0; j < d; j++) {
                var[j] += w * (v[j] - mean[j]) * (v[j] - mean[j]);
            }
        }
        float[][] ms = new float[2][d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(var[j] / total);
            ms[0][j] = (float) mean[j];
            ms[1][j] = (float) (sd < 1e-6 ? 1 : sd);
        }
        b.detail(DETAIL_NORMALIZATION, NORMALIZED_BY_RECORDING);
        return speech.stream().map(a -> {
            double[] v = a.features.values();
            float[] z = new float[d];
            for (int j = 0; j < d; j++) {
                z[j] = (float) ((v[j] - ms[0][j]) / ms[1][j]);
            }
            return a.rejudged(model.distribution(model.probabilitiesSpeakerNormalized(z)));
        }).toList();
    }

    private int targetIndex(Emotion top) {
        for (int i = 0; i < model.labels().size(); i++) {
            if (model.labels().emotionAt(i) == top) {
                return i;
            }
        }
        return 0;
    }

    private void warnings(ModalityResult.Builder b, AudioStream stream, LevelMeter meter, double seconds) {
        stream.notes().forEach(b::warning);
        if (stream.notes().stream().anyMatch(n -> n.startsWith(TruncationCheck.TRUNCATED))) {
            b.detail(TruncationCheck.DETAIL, 1);
        }
        if (stream.sourceSampleRate() <= 8000) {
            b.warning("audio is " + stream.sourceSampleRate() + " Hz (telephone band): nothing above "
                    + stream.sourceSampleRate() / 2 + " Hz, so spectral features differ from the 16 kHz training speech");
        }
        if (stream.nonFiniteSamples() > 0) {
            b.warning(stream.nonFiniteSamples() + " NaN or infinite samples were replaced by silence");
        }
        long clipped = meter.fullScale() + stream.clippedSamples();
        if (meter.total() > 0 && clipped > 0.001 * meter.total()) {
            b.warning(String.format(Locale.ROOT, "audio is clipped (%.1f%% of samples at full scale): loudness and"
                    + " spectral cues are distorted", 100.0 * clipped / meter.total()));
        }
    }

    private Analysed analyse(SpeechSegment seg) {
        FeatureVector f = extractor.extract(seg.samples());
        boolean speech = f.get("voiced_ratio") >= MIN_VOICED_RATIO;
        if (!speech) {
            return new Analysed(seg.span(), f, null, Optional.empty(), Optional.empty(), false);
        }
        EmotionDistribution d = model.predict(f);
        Optional<EncoderOutput> enc = encoder.map(e -> e.encode(seg.samples()));
        Optional<Dimensions> dims = enc.flatMap(EncoderOutput::dimensions);
        if (enc.isPresent() && enc.get().distribution().isPresent()) {
            d = enc.get().distribution().get();
        }
        return new Analysed(seg.span(), f, d, dims, enc, true);
    }

    private static Analysed result(ClaimableTask<Analysed> f) {
        try {
            return f.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing audio segments", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Analysed(TimeSpan span, FeatureVector features, EmotionDistribution distribution,
                            Optional<Dimensions> dimensions, Optional<EncoderOutput> encoded, boolean speech) {
        /** The same segment with the prosody model's distribution replaced (an encoder's own distribution wins). */
        Analysed rejudged(EmotionDistribution d) {
            boolean encoderDecides = encoded.isPresent() && encoded.get().distribution().isPresent();
            return encoderDecides ? this : new Analysed(span, features, d, dimensions, encoded, speech);
        }
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    /**
     * Refuses new calls and waits for the calls in flight (the executor and the model sessions
     * belong to the recognizer and its runtime). Idempotent.
     */
    @Override
    public void close() {
        if (guard.closeAndAwait() && ownsVad && vad instanceof SileroVad s) {
            s.close();
        }
    }

    /** Counts samples at full scale while passing the stream through. */
    private static final class LevelMeter implements AudioStream {
        private final AudioStream in;
        private long fullScale;
        private long total;

        LevelMeter(AudioStream in) {
            this.in = in;
        }

        long fullScale() {
            return fullScale;
        }

        long total() {
            return total;
        }

        @Override
        public String source() {
            return in.source();
        }

        @Override
        public int sourceSampleRate() {
            return in.sourceSampleRate();
        }

        @Override
        public int sourceChannels() {
            return in.sourceChannels();
        }

        @Override
        public int read(float[] dst, int off, int len) throws MediaDecodeException {
            int n = in.read(dst, off, len);
            for (int i = 0; i < n; i++) {
                if (Math.abs(dst[off + i]) >= 0.99f) {
                    fullScale++;
                }
            }
            total += Math.max(0, n);
            return n;
        }

        @Override
        public long nonFiniteSamples() {
            return in.nonFiniteSamples();
        }

        @Override
        public long clippedSamples() {
            return in.clippedSamples();
        }

        @Override
        public List<String> notes() {
            return in.notes();
        }

        @Override
        public void close() {
            // the caller closes the wrapped stream
        }
    }
}
