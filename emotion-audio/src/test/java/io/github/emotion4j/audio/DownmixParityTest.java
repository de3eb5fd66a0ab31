package io.github.emotion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.decode.AudioDecoder;
import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.decode.MediaFiles;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 1-, 2-, 6- and 8-channel signal gives the same answer in any container: WAV (read by
 * our own reader) and FLAC (decoded by FFmpeg) within 1e-3 in every probability, lossy copies
 * (AAC in M4A, MP3) within {@link #LOSSY_TOLERANCE}. The channels are loud (peaks 0.9), so a
 * decoder that summed them instead of averaging would clip and fail here.
 */
@Timeout(300)
class DownmixParityTest {
    /**
     * Largest difference in any class probability allowed between a lossy copy and the WAV. Measured
     * on this espeak signal (2026-12-01): at most 0.052 (2-channel AAC) with the 7-class model's channel
     * experts, 0.026 with its single head before them.
     */
    static final double LOSSY_TOLERANCE = 0.075;
    private static final int RATE = 16000;
    private static EngineRuntime runtime;
    private static AudioAnalyzer analyzer;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        runtime = EngineRuntime.cpu();
        analyzer = AudioAnalyzer.create(new AnalyzerContext(runtime, Map.of(), Map.of("audio.threads", "1")));
    }

    @AfterAll
    static void stop() {
        analyzer.close();
        runtime.close();
    }

    /**
     * Channel c: the espeak speech scaled to peak 0.9, delayed by 3c ms (so channels differ but do
     * not cancel). With 6 and 8 channels, channel 3 is the LFE of the 5.1 / 7.1 layout FFmpeg gives
     * them, which lossy encoders low-pass to about 120 Hz: it stays silent, as in real films.
     */
    static float[][] channels(int n) throws Exception {
        float[] speech = AudioDecoder.decode(TestData.resolve("audio/espeak-two-phrases.wav"), 60).samples();
        float peak = 1e-6f;
        for (float v : speech) {
            peak = Math.max(peak, Math.abs(v));
        }
        float[][] ch = new float[n][speech.length];
        for (int c = 0; c < n; c++) {
            if (n >= 6 && c == 3) {
                continue;
            }
            int delay = c * 48;
            for (int i = delay; i < speech.length; i++) {
                ch[c][i] = speech[i - delay] * 0.9f / peak;
            }
        }
        return ch;
    }

    @Test
    void losslessContainersAgreeWithinOneThousandth() throws Exception {
        for (int n : new int[] {1, 2, 6, 8}) {
            float[][] ch = channels(n);
            Path wav = TestAudio.wav16(dir.resolve(n + "ch.wav"), RATE, ch);
            Path flac = MediaFiles.channels(dir.resolve(n + "ch.flac"), ch, RATE, "flac", avcodec.AV_CODEC_ID_FLAC, 0);
            float[] a = mono(wav, n);
            float[] b = mono(flac, n);
            assertEquals(a.length, b.length, n + " channels: sample count");
            double maxDiff = 0;
            float peak = 0;
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                peak = Math.max(peak, Math.abs(b[i]));
            }
            assertTrue(maxDiff < 1e-3, n + " channels: WAV and FLAC samples differ by " + maxDiff);
            assertTrue(peak < 0.95, n + " channels: the downmix peaks at " + peak + " (summed, not averaged?)");
            ModalityResult rw = analyzer.analyze(MediaInput.ofFile(wav));
            ModalityResult rf = analyzer.analyze(MediaInput.ofFile(flac));
            assertEquals(0, rf.warnings().size(), n + " channels FLAC: " + rf.warnings());
            assertEquals(0, rw.warnings().size(), n + " channels WAV: " + rw.warnings());
            double d = maxProbabilityDifference(rw, rf);
            System.out.printf(java.util.Locale.ROOT, "%d channels: WAV vs FLAC max sample difference %.2g, probability %.2g%n",
                    n, maxDiff, d);
            assertTrue(d < 1e-3, n + " channels: WAV and FLAC probabilities differ by " + d);
        }
    }

    @Test
    void lossyCopiesStayWithinTheStatedTolerance() throws Exception {
        for (int n : new int[] {1, 2, 6, 8}) {
            float[][] ch = channels(n);
            ModalityResult rw = analyzer.analyze(MediaInput.ofFile(TestAudio.wav16(dir.resolve(n + "ch.wav"), RATE, ch)));
            Path m4a = MediaFiles.channels(dir.resolve(n + "ch.m4a"), ch, RATE, "ipod", avcodec.AV_CODEC_ID_AAC,
                    64_000 * n);
            double d = maxProbabilityDifference(rw, analyzer.analyze(MediaInput.ofFile(m4a)));
            System.out.printf(java.util.Locale.ROOT, "%d channels: WAV vs M4A/AAC max probability difference %.4f%n", n, d);
            assertTrue(d < LOSSY_TOLERANCE, n + " channels: WAV and M4A/AAC probabilities differ by " + d);
            if (n <= 2) { // MP3 holds at most two channels
                Path mp3 = MediaFiles.channels(dir.resolve(n + "ch.mp3"), ch, RATE, "mp3", avcodec.AV_CODEC_ID_MP3,
                        64_000 * n);
                double dm = maxProbabilityDifference(rw, analyzer.analyze(MediaInput.ofFile(mp3)));
                System.out.printf(java.util.Locale.ROOT, "%d channels: WAV vs MP3 max probability difference %.4f%n", n, dm);
                assertTrue(dm < LOSSY_TOLERANCE, n + " channels: WAV and MP3 probabilities differ by " + dm);
            }
        }
    }

    @Test
    void phaseInvertedStereoWarnsInEveryContainer() throws Exception {
        float[][] ch = channels(1);
        float[] inv = new float[ch[0].length];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = -ch[0][i];
        }
        float[][] stereo = {ch[0], inv};
        Path[] files = {
            TestAudio.wav16(dir.resolve("inv.wav"), RATE, stereo),
            MediaFiles.channels(dir.resolve("inv.flac"), stereo, RATE, "flac", avcodec.AV_CODEC_ID_FLAC, 0),
            MediaFiles.channels(dir.resolve("inv.m4a"), stereo, RATE, "ipod", avcodec.AV_CODEC_ID_AAC, 128_000),
        };
        for (Path f : files) {
            ModalityResult r = analyzer.analyze(MediaInput.ofFile(f));
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("channels cancel out when mixed to mono")),
                    f.getFileName() + ": " + r.warnings());
        }
    }

    private static float[] mono(Path f, int channels) throws Exception {
        try (AudioStream s = AudioDecoder.open(f)) {
            assertEquals(channels, s.sourceChannels(), f.getFileName().toString());
            float[] out = AudioDecoder.readAll(s, 60).samples();
            assertEquals(0, s.clippedSamples(), f.getFileName() + ": clipped samples");
            return out;
        }
    }

    private static double maxProbabilityDifference(ModalityResult a, ModalityResult b) {
        assertTrue(a.distribution().isPresent() && b.distribution().isPresent(), a.warnings() + " / " + b.warnings());
        double d = 0;
        for (Emotion e : Emotion.values()) {
            d = Math.max(d, Math.abs(a.distribution().get().probability(e) - b.distribution().get().probability(e)));
        }
        return d;
    }
}
