package io.github.emotion4j.core.testing;

import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.Dimensions;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import java.io.IOException;
import java.util.List;

/** Deterministic stand-in analysers, for testing the writers without models. */
public final class FakeModalities {
    private FakeModalities() {
    }

    /** A distribution peaked on one emotion. */
    public static EmotionDistribution peaked(Emotion e, double p) {
        double[] s = new double[Emotion.CANONICAL.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Emotion.CANONICAL.get(i) == e ? p : (1 - p) / (s.length - 1);
        }
        return EmotionDistribution.fromScores(Emotion.CANONICAL, s);
    }

    /** A timed prediction over 8 s from three fake modalities (the text with a "<&>" to test escaping). */
    public static EmotionPrediction timedPrediction() throws IOException, ModelLoadException {
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.AUDIO, true))
                .provider(provider(Modality.VISION, true)).provider(provider(Modality.TEXT, true)).build()) {
            return r.predict(MediaInput.ofText("fake"));
        }
    }

    /** A timeless text-only prediction. */
    public static EmotionPrediction textPrediction() throws IOException, ModelLoadException {
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, false)).build()) {
            return r.predict(MediaInput.ofText("fake"));
        }
    }

    /**
     * A prediction without evidence: a fake vision analyser ran and found no face, so the fused
     * distribution is the recognizer's uniform placeholder.
     */
    public static EmotionPrediction noEvidencePrediction() throws IOException, ModelLoadException {
        ModalityAnalyzerProvider blind = new ModalityAnalyzerProvider() {
            @Override
            public String name() {
                return "fake-blind-vision";
            }

            @Override
            public Modality modality() {
                return Modality.VISION;
            }

            @Override
            public ModalityAnalyzer create(AnalyzerContext context) {
                return new Blind();
            }
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(blind).build()) {
            return r.predict(MediaInput.ofText("fake"));
        }
    }

    /** What a scripted analyser does with an input. */
    @FunctionalInterface
    public interface Analysis {
        /** The result for one input, computed with the context the analyser was built with. */
        ModalityResult analyze(Modality modality, MediaInput input, AnalyzerContext context) throws IOException;
    }

    /**
     * A provider whose analyser accepts every input and runs {@code body}; {@link #context()} holds
     * the context it was last built with.
     */
    public record Scripted(Modality modality, Analysis body, java.util.concurrent.atomic.AtomicReference<AnalyzerContext> context)
            implements ModalityAnalyzerProvider {
        /** A scripted provider that has not been built yet. */
        public Scripted(Modality modality, Analysis body) {
            this(modality, body, new java.util.concurrent.atomic.AtomicReference<>());
        }

        @Override
        public String name() {
            return "scripted-" + modality.word();
        }

        @Override
        public ModalityAnalyzer create(AnalyzerContext ctx) {
            context.set(ctx);
            return new ModalityAnalyzer() {
                @Override
                public Modality modality() {
                    return modality;
                }

                @Override
                public boolean accepts(MediaInput input) {
                    return true;
                }

                @Override
                public ModalityResult analyze(MediaInput input) throws IOException {
                    return body.analyze(modality, input, ctx);
                }

                @Override
                public List<ModelInfo> models() {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A provider of a fake analyser. */
    public static ModalityAnalyzerProvider provider(Modality m, boolean timed) {
        return new ModalityAnalyzerProvider() {
            @Override
            public String name() {
                return "fake-" + m.word();
            }

            @Override
            public Modality modality() {
                return m;
            }

            @Override
            public ModalityAnalyzer create(AnalyzerContext context) {
                return new Fake(m, timed);
            }
        };
    }

    private record Fake(Modality modality, boolean timed) implements ModalityAnalyzer {
        @Override
        public boolean accepts(MediaInput input) {
            return true;
        }

        @Override
        public ModalityResult analyze(MediaInput input) {
            ModelInfo model = new ModelInfo("fake-" + modality.word(), "1", "0".repeat(64), "java", "cpu");
            ModalityResult.Builder b = ModalityResult.builder(modality).model(model);
            switch (modality) {
                case AUDIO -> {
                    b.distribution(peaked(Emotion.NEUTRAL, 0.5)).dimensions(new Dimensions(0.1, -0.2, 0.0));
                    if (timed) {
                        b.segment(Segment.of(Modality.AUDIO, new TimeSpan(0.4, 2.9), peaked(Emotion.HAPPINESS, 0.6), "speech 1"));
                        b.segment(Segment.of(Modality.AUDIO, new TimeSpan(3.2, 5.6), peaked(Emotion.ANGER, 0.55), "speech 2"));
                        b.segment(Segment.of(Modality.AUDIO, new TimeSpan(5.9, 7.8), peaked(Emotion.SADNESS, 0.5), "speech 3"));
                    }
                    b.cue(new Cue(Modality.AUDIO, "pitch_range_semitones", 9.5, "pitch range 9.5 semitones, wider than usual"));
                }
                case VISION -> {
                    b.distribution(peaked(Emotion.HAPPINESS, 0.7));
                    if (timed) {
                        for (int i = 0; i < 8; i++) {
                            Emotion e = i < 3 ? Emotion.HAPPINESS : i < 6 ? Emotion.SURPRISE : Emotion.NEUTRAL;
                            b.segment(Segment.of(Modality.VISION, new TimeSpan(i, i + 1.0), peaked(e, 0.5 + 0.05 * i), "face#1"));
                        }
                    }
                    b.warning("face small in frame 3");
                }
                case TEXT -> {
                    b.distribution(peaked(Emotion.HAPPINESS, 0.8)).detail("joy", 0.8).detail("admiration", 0.1);
                    if (timed) {
                        b.segment(Segment.of(Modality.TEXT, new TimeSpan(0.4, 2.9), peaked(Emotion.HAPPINESS, 0.9), "subtitle 1"));
                        b.segment(Segment.of(Modality.TEXT, new TimeSpan(3.2, 5.6), peaked(Emotion.ANGER, 0.8), "subtitle 2"));
                        b.segment(Segment.of(Modality.TEXT, new TimeSpan(5.9, 7.8), peaked(Emotion.SADNESS, 0.85), "subtitle <&> 3"));
                    }
                    b.cue(new Cue(Modality.TEXT, "word:wonderful", 0.4, "the word \"wonderful\" <&>"));
                }
            }
            return b.build();
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    private record Blind() implements ModalityAnalyzer {
        @Override
        public Modality modality() {
            return Modality.VISION;
        }

        @Override
        public boolean accepts(MediaInput input) {
            return true;
        }

        @Override
        public ModalityResult analyze(MediaInput input) {
            return ModalityResult.builder(Modality.VISION).detail("faces", 0).warning("no face found").build();
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
