package io.github.emotion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.decode.MediaFiles;
import io.github.emotion4j.core.Cue;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class AudioAnalyzerTest {
    static final Path SPEECH = TestData.resolve("audio/espeak-two-phrases.wav");
    private static EngineRuntime runtime;
    private static AudioAnalyzer analyzer;
    private static ExecutorService pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        runtime = EngineRuntime.cpu();
        pool = Executors.newFixedThreadPool(4);
        analyzer = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(), Map.of(), pool));
    }

    @AfterAll
    static void stop() {
        analyzer.close();
        runtime.close();
        pool.shutdownNow();
    }

    @Test
    void segmentsOnAOneThreadExecutorWithManyCallersMatchOneAtATime() throws Exception {
        float[] s = TestAudio.voiced(45, 150, 16000, 0.4, 5);
        ExecutorService one = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (AudioAnalyzer serial = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(), Map.of("audio.threads", "1")));
             AudioAnalyzer shared = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(), Map.of("audio.threads", "2"),
                     one))) {
            ModalityResult expected = serial.analyze(MediaInput.ofAudio(s, 16000));
            assertEquals(5, expected.segments().size());
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<Future<ModalityResult>> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    got.add(callers.submit(() -> shared.analyze(MediaInput.ofAudio(s, 16000))));
                }
                for (Future<ModalityResult> f : got) {
                    ModalityResult r = f.get();
                    assertEquals(expected.distribution(), r.distribution());
                    assertEquals(expected.segments(), r.segments());
                }
            }, "a hang here means the decoding thread waited for a segment no thread had started");
        } finally {
            callers.shutdownNow();
            one.shutdownNow();
        }
    }

    @Test
    void optionsAreCheckedAtBuildAndParsedOnce() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new AudioAnalyzerProvider()).option("audio.vda", "silero").build());
        assertTrue(unknown.getMessage().contains("'audio.vda'") && unknown.getMessage().contains("audio.vad (")
                && unknown.getMessage().contains("audio.threads ("), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new AudioAnalyzerProvider()).option("audio.vad", "webrtc").build());
        assertTrue(bad.getMessage().contains("audio.vad='webrtc'") && bad.getMessage().contains("[energy, silero]"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new AudioAnalyzerProvider()).option("audio.threads", "0").build());
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new AudioAnalyzerProvider()).option("audio.model", "9class").build());
        AudioOptions o = AudioOptions.from(new AnalyzerContext(runtime, Map.of(), Map.of("audio.model", "4", "audio.vad",
                "Silero-v5", "audio.pitch", "mpm", "audio.encoder.chunkSeconds", "4", "audio.threads", "3")));
        assertEquals("audio-emodb-4class", o.modelId());
        assertEquals(AudioOptions.Vad.SILERO, o.vad());
        assertEquals(io.github.emotion4j.audio.prosody.PitchAlgorithm.MPM, o.pitch());
        assertEquals(java.util.Optional.of(4.0), o.chunkSeconds());
        assertEquals(3, o.threads());
        assertEquals(AudioOptions.defaults().segmentation(), io.github.emotion4j.audio.vad.SpeechSegmenter.Config.defaults());
        // segmentation values that pass one by one but not together fail at build, too
        assertThrows(IllegalArgumentException.class, () -> EmotionRecognizer.builder()
                .provider(new AudioAnalyzerProvider()).option("audio.minSpeech", "5").option("audio.maxSegment", "2").build());
    }

    @Test
    void phaseInvertedStereoWarnsInsteadOfSilentlyFindingNoSpeech() throws Exception {
        float[] left = TestAudio.voiced(2.0, 160, 16000, 0.4, 1);
        float[] right = new float[left.length];
        for (int i = 0; i < left.length; i++) {
            right[i] = -left[i];
        }
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve("inverted.wav"), 16000, left, right)));
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("channels cancel out when mixed to mono")),
                r.warnings().toString());
    }

    @Test
    void garbageIsAnErrorAndATruncatedFileIsFlagged() throws Exception {
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xFF);
        for (String name : new String[] {"g.flac", "g.aac", "g.mp3"}) {
            Path f = Files.write(dir.resolve(name), name.equals("g.mp3") ? new byte[] {1} : ones);
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(f)));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        Path full = MediaFiles.audio(dir.resolve("full.flac"), TestAudio.voiced(4.0, 160, 16000, 0.4, 2), 16000, 1, "flac",
                avcodec.AV_CODEC_ID_FLAC);
        byte[] all = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.flac"), Arrays.copyOf(all, (int) (all.length * 0.32)));
        assertFalse(analyzer.analyze(MediaInput.ofFile(full)).details().containsKey("decode.truncated"));
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(cut));
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("file looks truncated: decoded")), r.warnings().toString());
        assertEquals(1.0, r.details().get("decode.truncated"));
    }

    @Test
    void synthesisedSpeechGivesATimelineADistributionAndCues() throws Exception {
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(SPEECH));
        assertTrue(r.hasEvidence(), r.warnings().toString());
        assertEquals(7, r.distribution().orElseThrow().labels().size());
        assertTrue(r.distribution().orElseThrow().labels().contains(Emotion.BOREDOM));
        assertTrue(r.segments().size() >= 1 && r.segments().size() <= 3, r.segments().toString());
        for (Segment s : r.segments()) {
            assertTrue(s.span().end() <= 4.0 && s.span().duration() > 0.25);
            assertEquals("speech", s.source());
        }
        assertTrue(r.dimensions().isPresent());
        // the espeak clip goes mostly to the noisy expert, whose answer no single feature moves by 1.2x, so it may
        // have no cues; a loud, high, lively voice (clean channel) must have them
        ModalityResult lively = analyzer.analyze(MediaInput.ofAudio(TestAudio.voiced(2, 260, 16000, 0.9, 2), 16000));
        assertFalse(lively.cues().isEmpty(), "no cues " + lively.details().get(AudioAnalyzer.DETAIL_CHANNEL));
        for (ModalityResult x : List.of(r, lively)) {
            for (Cue c : x.cues()) {
                assertEquals(Modality.AUDIO, c.modality());
                assertTrue(c.text().contains("corpus median"), c.text());
                assertEquals(x.details().get("feature." + c.feature()), c.value(), 1e-9);
            }
        }
        assertTrue(r.details().containsKey(AudioAnalyzer.DETAIL_CHANNEL), "the default model has channel experts");
        assertEquals(22050, r.details().get("source_sample_rate"));
        assertEquals("audio-emodb-7class", r.models().get(0).id());
        assertFalse(r.embeddings().isEmpty());
    }

    @Test
    void theRecognizerFindsTheModuleThroughServiceLoader() throws Exception {
        try (EmotionRecognizer rec = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.AUDIO)
                .option("audio.model", "4class").build()) {
            EmotionPrediction p = rec.predict(MediaInput.ofFile(SPEECH));
            ModalityResult audio = p.modality(Modality.AUDIO).orElseThrow();
            assertEquals(4, audio.distribution().orElseThrow().labels().size());
            assertEquals("audio-emodb-4class", audio.models().get(0).id());
        }
    }

    @Test
    void sileroVadIsAnOption() throws Exception {
        try (AudioAnalyzer silero = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(),
                Map.of("audio.vad", "silero")))) {
            ModalityResult r = silero.analyze(MediaInput.ofFile(SPEECH));
            assertTrue(r.hasEvidence(), r.warnings().toString());
            assertTrue(r.models().stream().anyMatch(m -> m.id().equals("audio-silero-vad-v5") && m.engine().equals("OnnxRuntime")));
            assertFalse(r.segments().isEmpty());
            // silence and noise are not speech for Silero either
            assertFalse(silero.analyze(MediaInput.ofAudio(new float[32000], 16000)).hasEvidence());
            assertFalse(silero.analyze(MediaInput.ofAudio(TestAudio.noise(3, 16000, 0.2, 1), 16000)).hasEvidence());
        }
    }

    @Test
    void rawSamplesAndAnEncoderOption() throws Exception {
        float[] s = TestAudio.concat(new float[8000], TestAudio.voiced(2.0, 180, 16000, 0.4, 1), new float[8000]);
        ModalityResult r = analyzer.analyze(MediaInput.ofAudio(s, 16000));
        assertTrue(r.hasEvidence(), r.warnings().toString());
        assertEquals(1, r.segments().size());
        try (AudioAnalyzer withEncoder = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(),
                Map.of("audio.encoder", TestData.resolve("models/tiny-wav2vec2-dim").toString())))) {
            ModalityResult e = withEncoder.analyze(MediaInput.ofAudio(s, 16000));
            assertTrue(e.models().stream().anyMatch(m -> m.id().equals("tiny-wav2vec2-dim")));
            assertTrue(e.embeddings().stream().anyMatch(x -> x.modelId().equals("tiny-wav2vec2-dim") && x.dimension() == 32
                    && x.span().isPresent()));
            // dimensions come from the encoder's arousal/dominance/valence output, not the distribution
            assertFalse(e.dimensions().orElseThrow().equals(e.distribution().orElseThrow().dimensions()));
        }
    }

    @Test
    void longContinuousSpeechBecomesATimelineOfBoundedSegments() throws Exception {
        float[] s = TestAudio.voiced(180, 150, 16000, 0.4, 11);
        ModalityResult r = analyzer.analyze(MediaInput.ofAudio(s, 16000));
        assertEquals(18, r.segments().size());
        double prevEnd = 0;
        for (Segment seg : r.segments()) {
            assertTrue(seg.span().duration() <= 10.2, seg.span().toString());
            assertTrue(seg.span().start() >= prevEnd - 0.2, seg.span().toString());
            prevEnd = seg.span().end();
        }
        assertEquals(180, prevEnd, 0.05);
        assertEquals(180, r.details().get("duration_seconds"), 0.01);
    }

    @Test
    void videoSoundtrackAndVideoWithoutAudio() throws Exception {
        assertTrue(analyzer.accepts(MediaInput.ofFile(Path.of("x.mp4"))));
        float[] voice = TestAudio.concat(new float[8000], TestAudio.voiced(2.0, 160, 44100, 0.4, 3));
        Path withAudio = MediaFiles.video(dir.resolve("talk.mp4"), 2.5, voice, 44100);
        assertTrue(analyzer.analyze(MediaInput.ofFile(withAudio)).hasEvidence());
        Path mute = MediaFiles.video(dir.resolve("mute.mp4"), 1.0, null, 44100);
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(mute));
        assertFalse(r.hasEvidence());
        assertTrue(r.warnings().get(0).startsWith("no audio track"), r.warnings().toString());
    }

    @Test
    void badInputGivesSensibleResultsNotCrashes() throws Exception {
        // silence only
        assertNoSpeech(analyzer.analyze(MediaInput.ofAudio(new float[48000], 16000)));
        // pure noise
        assertNoSpeech(analyzer.analyze(MediaInput.ofAudio(TestAudio.noise(5, 16000, 0.3, 2), 16000)));
        // one sample
        ModalityResult one = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve("one.wav"), 16000, new float[] {0.3f})));
        assertFalse(one.hasEvidence());
        assertTrue(one.warnings().stream().anyMatch(w -> w.contains("too short")), one.warnings().toString());
        // NaN / Inf samples
        float[] nan = TestAudio.voiced(2, 150, 16000, 0.4, 4);
        for (int i = 0; i < nan.length; i += 97) {
            nan[i] = i % 2 == 0 ? Float.NaN : Float.NEGATIVE_INFINITY;
        }
        ModalityResult n = analyzer.analyze(MediaInput.ofAudio(nan, 16000));
        assertTrue(n.hasEvidence());
        assertTrue(n.warnings().stream().anyMatch(w -> w.contains("NaN")), n.warnings().toString());
        // clipped
        float[] hot = TestAudio.voiced(2, 150, 16000, 4.0, 5);
        ModalityResult c = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve("hot.wav"), 16000, hot)));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("clipped")), c.warnings().toString());
        // 8 kHz telephone, stereo 96 kHz
        float[] tel = TestAudio.voiced(2, 150, 8000, 0.4, 6);
        ModalityResult t = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve("tel.wav"), 8000, tel)));
        assertTrue(t.hasEvidence());
        assertTrue(t.warnings().stream().anyMatch(w -> w.contains("8000 Hz")), t.warnings().toString());
        float[] v96 = TestAudio.voiced(2, 150, 96000, 0.4, 7);
        ModalityResult st = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve("st.wav"), 96000, v96, v96)));
        assertTrue(st.hasEvidence());
        assertEquals(2, st.details().get("source_channels"));
        // an MP3 of the same
        Path mp3 = MediaFiles.audio(dir.resolve("v.mp3"), TestAudio.voiced(2, 150, 44100, 0.4, 8), 44100, 1, "mp3",
                avcodec.AV_CODEC_ID_MP3);
        assertTrue(analyzer.analyze(MediaInput.ofFile(mp3)).hasEvidence());
    }

    @Test
    void corruptFilesRaiseTypedExceptionsNamingTheFile() throws Exception {
        byte[] good = Files.readAllBytes(SPEECH);
        Path header = TestAudio.bytes(dir.resolve("bad-header.wav"), Arrays.copyOf(good, 20));
        byte[] scrambled = good.clone();
        scrambled[20] = 99; // audio format 99 in the fmt chunk: FFmpeg cannot read it either
        scrambled[21] = 0;
        Path codec = TestAudio.bytes(dir.resolve("bad-codec.wav"), scrambled);
        byte[] junk = new byte[3000];
        new java.util.Random(3).nextBytes(junk);
        Path flac = TestAudio.bytes(dir.resolve("junk.flac"), junk);
        // random bytes: FFmpeg may probe them as some format; either a typed exception or no evidence, never a crash
        try {
            assertFalse(analyzer.analyze(MediaInput.ofFile(flac)).hasEvidence());
        } catch (MediaDecodeException e) {
            assertTrue(e.getMessage().contains("junk.flac"), e.getMessage());
        }
        for (Path p : new Path[] {header, codec}) {
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> analyzer.analyze(MediaInput.ofFile(p)),
                    p.toString());
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
        }
        // a truncated data chunk is read up to the end of the file, with a warning
        Path cut = TestAudio.bytes(dir.resolve("cut.wav"), Arrays.copyOf(good, good.length * 2 / 3));
        ModalityResult r = analyzer.analyze(MediaInput.ofFile(cut));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("truncated")), r.warnings().toString());
    }

    private static void assertNoSpeech(ModalityResult r) {
        assertFalse(r.hasEvidence());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("no speech found")), r.warnings().toString());
        assertTrue(r.segments().isEmpty());
    }
}
