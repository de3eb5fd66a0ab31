package io.github.emotion4j.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled MoE as the recognizer's fusion, with stand-in modality analysers (no modality module needed). */
class RecognizerIntegrationTest {

    private static ModalityAnalyzerProvider fixed(Modality m, double[] p, TimeSpan span) {
        EmotionDistribution d = new EmotionDistribution(Emotion.CANONICAL, p);
        return new ModalityAnalyzerProvider() {
            @Override
            public String name() {
                return "fixed-" + m.word();
            }

            @Override
            public Modality modality() {
                return m;
            }

            @Override
            public ModalityAnalyzer create(AnalyzerContext context) {
                return new ModalityAnalyzer() {
                    @Override
                    public Modality modality() {
                        return m;
                    }

                    @Override
                    public boolean accepts(MediaInput input) {
                        return true;
                    }

                    @Override
                    public ModalityResult analyze(MediaInput input) {
                        return ModalityResult.builder(m).distribution(d).segment(Segment.of(m, span, d, m.word())).build();
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
        };
    }

    @Test
    void recognizerReportsGatesInconsistencyAndAbstention() throws Exception {
        double[] calm = {0.03, 0.02, 0.03, 0.05, 0.07, 0.02, 0.78};
        double[] negative = {0.70, 0.10, 0.05, 0.02, 0.10, 0.01, 0.02};
        try (EmotionRecognizer r = EmotionRecognizer.builder()
                .provider(fixed(Modality.AUDIO, calm, new TimeSpan(0, 2)))
                .provider(fixed(Modality.TEXT, negative, new TimeSpan(1, 3)))
                .fusion(Fusions.abstaining(Fusions.named("moe"), 0.5))
                .build()) {
            EmotionPrediction p = r.predict(MediaInput.ofText("I am perfectly fine."));
            var f = p.fusion();
            assertEquals("moe", f.strategy());
            assertTrue(f.details().containsKey("gate.cross-modal"), f.details().toString());
            assertTrue(f.inconsistency() > 0.4, "calm voice, negative words: " + f.inconsistency());
            assertEquals(Modality.AUDIO, f.mostDisagreeing().orElseThrow().first());
            assertEquals(f.distribution().top().probability() < 0.5, f.abstained());
            assertEquals(3, p.timeline().size(), p.timeline().toString());
            assertEquals(1, f.weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        }
    }
}
