package io.github.emotion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.classify.SpeakerBaseline;
import io.github.emotion4j.audio.classify.SpeechEmotionModel;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.head.DenseHead;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.model.ModelBundle;
import io.github.emotion4j.core.model.ModelCardWriter;
import io.github.emotion4j.core.model.ModelFormat;
import io.github.emotion4j.core.model.ModelLocator;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which statistics the features are judged against: a model folder whose speaker-normalised head
 * always says sadness and whose enrolled head always says happiness shows, by the answer, which
 * head the analyser used for a short clip, a long recording, each {@code audio.normalize} value
 * and a speaker baseline.
 */
@Timeout(300)
class NormalizationTest {
    @TempDir
    Path dir;

    /** 4-class model (anger, happiness, neutral, sadness) with constant extra heads. */
    private Path model(boolean extraHeads) throws Exception {
        ModelBundle bundled = ModelLocator.fromClasspath(SpeechEmotionModel.FOUR_CLASS_ID);
        Path out = Files.createDirectories(dir.resolve(extraHeads ? "with-heads" : "plain"));
        for (String f : List.of("head.bin", "corpus-stats.properties", "metrics.txt")) {
            Files.copy(bundled.file(f), out.resolve(f));
        }
        ModelCardWriter.Builder card = ModelCardWriter.builder().setId("test-normalization").setModality(Modality.AUDIO);
        for (String f : List.of("head.bin", "corpus-stats.properties", "metrics.txt")) {
            card.addFile(f, ModelFormat.RAW);
        }
        card.put("labels", "anger,happiness,neutral,sadness").put("activation", "softmax")
                .put("head.layers", bundled.card().property("head.layers").orElseThrow()).put("head.normalize", "true")
                .put("features", "prosody-v1");
        if (extraHeads) {
            constant(out.resolve("head-speaker.bin"), 3);
            constant(out.resolve("head-enrolled.bin"), 1);
            card.addFile("head-speaker.bin", ModelFormat.RAW).addFile("head-enrolled.bin", ModelFormat.RAW)
                    .put("head.speaker.file", "head-speaker.bin").put("head.speaker.layers", "75x4:none")
                    .put("head.enrolled.file", "head-enrolled.bin").put("head.enrolled.layers", "75x4:none");
        }
        card.build().write(out);
        return out;
    }

    private static void constant(Path file, int cls) throws Exception {
        float[] mean = new float[75];
        float[] std = new float[75];
        java.util.Arrays.fill(std, 1);
        float[] bias = new float[4];
        bias[cls] = 10;
        DenseHead h = new DenseHead(mean, std, List.of(new DenseHead.Layer(new float[4][75], bias,
                DenseHead.Activation.NONE)));
        try (OutputStream o = Files.newOutputStream(file)) {
            h.write(o);
        }
    }

    /** {@code n} voiced "utterances" of 2 s with 0.8 s pauses. */
    private static float[] speech(int n) {
        List<float[]> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(TestAudio.voiced(2.0, 140 + 10 * i, 16000, 0.3, i));
            parts.add(new float[12800]);
        }
        return TestAudio.concat(parts.toArray(new float[0][]));
    }

    private static ModalityResult run(AudioAnalyzer a, float[] s) throws Exception {
        return a.analyze(MediaInput.ofAudio(s, 16000));
    }

    @Test
    void theStatisticsFollowTheOptionTheLengthAndTheBaseline() throws Exception {
        Path folder = model(true);
        float[] shortClip = speech(2);
        float[] longRecording = speech(11); // 22 s of speech in 11 segments
        SpeakerBaseline baseline = SpeakerBaseline.ofNeutralSpeech(List.of(new AudioClip(
                TestAudio.voiced(2.0, 120, 16000, 0.3, 99), 16000)));
        try (EngineRuntime rt = EngineRuntime.cpu()) {
            for (String norm : List.of("auto", "corpus", "recording")) {
                try (AudioAnalyzer a = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(Modality.AUDIO, folder),
                        Map.of("audio.normalize", norm, "audio.threads", "1")))) {
                    ModalityResult s = run(a, shortClip);
                    ModalityResult l = run(a, longRecording);
                    double expectShort = norm.equals("recording") ? AudioAnalyzer.NORMALIZED_BY_RECORDING
                            : AudioAnalyzer.NORMALIZED_BY_CORPUS;
                    // two segments are fewer than RECORDING_MIN_SEGMENTS: corpus, with a warning when asked for recording
                    assertEquals(AudioAnalyzer.NORMALIZED_BY_CORPUS, s.details().get(AudioAnalyzer.DETAIL_NORMALIZATION),
                            norm + " short: " + s.details());
                    assertEquals(norm.equals("recording"), s.warnings().stream().anyMatch(w -> w.contains("normalize")),
                            norm + " short: " + s.warnings());
                    double expectLong = norm.equals("corpus") ? AudioAnalyzer.NORMALIZED_BY_CORPUS
                            : AudioAnalyzer.NORMALIZED_BY_RECORDING;
                    assertEquals(expectLong, l.details().get(AudioAnalyzer.DETAIL_NORMALIZATION), norm + " long");
                    if (expectLong == AudioAnalyzer.NORMALIZED_BY_RECORDING) {
                        assertEquals(Emotion.SADNESS, l.distribution().orElseThrow().top().label(), norm + " long");
                        assertTrue(l.segments().stream().allMatch(g -> g.distribution().top().label() == Emotion.SADNESS));
                    }
                    assertTrue(expectShort >= 0);
                    // a baseline wins over both
                    AudioAnalyzer enrolled = a.withSpeakerBaseline(baseline);
                    for (float[] in : List.of(shortClip, longRecording)) {
                        ModalityResult r = run(enrolled, in);
                        assertEquals(AudioAnalyzer.NORMALIZED_BY_BASELINE, r.details().get(AudioAnalyzer.DETAIL_NORMALIZATION));
                        assertEquals(Emotion.HAPPINESS, r.distribution().orElseThrow().top().label());
                    }
                    enrolled.close();
                    // closing the view leaves the analyser working
                    assertTrue(run(a, shortClip).hasEvidence());
                }
            }
        }
    }

    @Test
    void theDefaultIsTheCorpusStatisticsEvenForALongRecording() throws Exception {
        try (EngineRuntime rt = EngineRuntime.cpu();
             AudioAnalyzer a = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(Modality.AUDIO, model(true)),
                     Map.of("audio.threads", "1")))) {
            ModalityResult l = run(a, speech(11));
            assertEquals(AudioAnalyzer.NORMALIZED_BY_CORPUS, l.details().get(AudioAnalyzer.DETAIL_NORMALIZATION));
        }
        assertEquals(AudioOptions.Normalize.CORPUS, AudioOptions.defaults().normalize());
    }

    @Test
    void aModelWithoutExtraHeadsKeepsTheCorpusStatisticsAndSaysSo() throws Exception {
        Path folder = model(false);
        SpeakerBaseline baseline = SpeakerBaseline.ofNeutralSpeech(List.of(new AudioClip(
                TestAudio.voiced(2.0, 120, 16000, 0.3, 99), 16000)));
        try (EngineRuntime rt = EngineRuntime.cpu();
             AudioAnalyzer a = AudioAnalyzer.create(new AnalyzerContext(rt, Map.of(Modality.AUDIO, folder),
                     Map.of("audio.threads", "1", "audio.normalize", "auto")))) {
            ModalityResult l = run(a, speech(11));
            assertEquals(AudioAnalyzer.NORMALIZED_BY_CORPUS, l.details().get(AudioAnalyzer.DETAIL_NORMALIZATION));
            assertTrue(l.warnings().isEmpty(), l.warnings().toString());
            ModalityResult b = run(a.withSpeakerBaseline(baseline), speech(2));
            assertEquals(AudioAnalyzer.NORMALIZED_BY_CORPUS, b.details().get(AudioAnalyzer.DETAIL_NORMALIZATION));
            assertTrue(b.warnings().stream().anyMatch(w -> w.contains("baseline is ignored")), b.warnings().toString());
        }
    }

    @Test
    void theRecognizerTakesABaselineThroughTheProvider() throws Exception {
        Path folder = model(true);
        SpeakerBaseline baseline = SpeakerBaseline.ofNeutralSpeech(List.of(new AudioClip(
                TestAudio.voiced(2.0, 120, 16000, 0.3, 99), 16000)));
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(AudioAnalyzerProvider.withSpeakerBaseline(baseline))
                .model(Modality.AUDIO, folder).build()) {
            EmotionPrediction p = r.predict(MediaInput.ofAudio(speech(2), 16000));
            assertEquals(Emotion.HAPPINESS, p.modality(Modality.AUDIO).orElseThrow().distribution().orElseThrow().top().label());
        }
    }

    @Test
    void aBaselineNeedsVoicedSpeech() {
        assertThrows(IllegalArgumentException.class, () -> SpeakerBaseline.ofNeutralSpeech(List.of()));
        assertThrows(IllegalArgumentException.class, () -> SpeakerBaseline.ofNeutralSpeech(List.of(
                new AudioClip(new float[32000], 16000))));
        assertThrows(IllegalArgumentException.class, () -> SpeakerBaseline.ofNeutralSpeech(List.of(
                new AudioClip(TestAudio.noise(2.0, 16000, 0.3, 1), 16000))));
    }
}
