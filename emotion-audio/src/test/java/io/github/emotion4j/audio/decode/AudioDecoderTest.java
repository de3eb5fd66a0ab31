package io.github.emotion4j.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.MediaDecodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class AudioDecoderTest {
    @TempDir
    Path dir;

    @Test
    void wavFastPathDownmixesAndResamples() throws Exception {
        float[] left = TestAudio.sine(440, 1.0, 44100, 0.4);
        float[] right = TestAudio.sine(440, 1.0, 44100, 0.4);
        Path f = TestAudio.wav16(dir.resolve("stereo.wav"), 44100, left, right);
        try (AudioStream s = AudioDecoder.open(f)) {
            assertEquals(44100, s.sourceSampleRate());
            assertEquals(2, s.sourceChannels());
            AudioClip c = AudioDecoder.readAll(s, 60);
            assertEquals(16000, c.length(), 2);
            assertEquals(440, TestAudio.dominantHz(c.samples(), 16000, 200, 2000), 5);
        }
    }

    @Test
    void ninetySixKilohertzAndEightKilohertz() throws Exception {
        AudioClip hi = AudioDecoder.decode(TestAudio.wav16(dir.resolve("96k.wav"), 96000,
                TestAudio.sine(300, 0.5, 96000, 0.5)), 60);
        assertEquals(8000, hi.length(), 2);
        AudioClip lo = AudioDecoder.decode(TestAudio.wav16(dir.resolve("8k.wav"), 8000,
                TestAudio.sine(300, 0.5, 8000, 0.5)), 60);
        assertEquals(8000, lo.length(), 2);
        assertEquals(300, TestAudio.dominantHz(lo.samples(), 16000, 100, 1000), 5);
    }

    @Test
    void nanAndInfinityBecomeSilenceAndLoudFloatsAreClipped() throws Exception {
        float[] s = TestAudio.sine(200, 0.2, 16000, 0.3);
        s[10] = Float.NaN;
        s[20] = Float.POSITIVE_INFINITY;
        s[30] = 3.5f;
        try (AudioStream st = AudioDecoder.open(TestAudio.wavFloat(dir.resolve("nan.wav"), 16000, s))) {
            float[] out = AudioDecoder.readAll(st, 10).samples();
            assertEquals(2, st.nonFiniteSamples());
            assertEquals(1, st.clippedSamples());
            for (float v : out) {
                assertTrue(Float.isFinite(v) && Math.abs(v) <= 1);
            }
        }
    }

    @Test
    void ffmpegFormats() throws Exception {
        float[] tone = TestAudio.sine(500, 1.5, 44100, 0.4);
        Object[][] cases = {
            {"a.flac", "flac", avcodec.AV_CODEC_ID_FLAC},
            {"a.mp3", "mp3", avcodec.AV_CODEC_ID_MP3},
            {"a.ogg", "ogg", avcodec.AV_CODEC_ID_VORBIS},
            {"a.opus", "ogg", avcodec.AV_CODEC_ID_OPUS},
            {"a.m4a", "ipod", avcodec.AV_CODEC_ID_AAC},
        };
        for (Object[] c : cases) {
            int rate = c[2].equals(avcodec.AV_CODEC_ID_OPUS) ? 48000 : 44100;
            float[] in = rate == 44100 ? tone : TestAudio.sine(500, 1.5, rate, 0.4);
            Path f = MediaFiles.audio(dir.resolve((String) c[0]), in, rate, 2, (String) c[1], (int) c[2]);
            AudioClip clip = AudioDecoder.decode(f, 60);
            assertEquals(1.5, clip.durationSeconds(), 0.15, c[0].toString());
            assertEquals(500, TestAudio.dominantHz(clip.samples(), 16000, 200, 2000), 10, c[0].toString());
        }
    }

    @Test
    void videoAudioTrackAndVideoWithoutAudio() throws Exception {
        Path withAudio = MediaFiles.video(dir.resolve("with.mp4"), 1.0, TestAudio.sine(700, 1.0, 44100, 0.4), 44100);
        AudioClip c = AudioDecoder.decode(withAudio, 60);
        assertTrue(c.durationSeconds() > 0.8, "duration " + c.durationSeconds());
        assertEquals(700, TestAudio.dominantHz(Arrays.copyOfRange(c.samples(), 2000, c.length()), 16000, 300, 2000), 10);
        Path silent = MediaFiles.video(dir.resolve("mute.mp4"), 1.0, null, 44100);
        NoAudioTrackException e = assertThrows(NoAudioTrackException.class, () -> AudioDecoder.open(silent));
        assertTrue(e.getMessage().contains("mute.mp4"));
    }

    @Test
    void brokenFilesRaiseTypedExceptionsNamingTheFile() throws Exception {
        Path empty = TestAudio.bytes(dir.resolve("empty.wav"), new byte[0]);
        Path tiny = TestAudio.bytes(dir.resolve("tiny.wav"), "RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] junk = new byte[5000];
        new java.util.Random(1).nextBytes(junk);
        Path garbageMp3 = TestAudio.bytes(dir.resolve("garbage.mp3"), junk);
        Path garbageWav = TestAudio.bytes(dir.resolve("garbage.wav"), junk);
        byte[] good = Files.readAllBytes(TestAudio.wav16(dir.resolve("good.wav"), 16000, TestAudio.sine(200, 0.5, 16000, 0.3)));
        byte[] noData = Arrays.copyOf(good, 36);
        Path headerOnly = TestAudio.bytes(dir.resolve("header-only.wav"), noData);
        for (Path p : new Path[] {empty, tiny, garbageMp3, garbageWav, headerOnly, dir.resolve("missing.flac")}) {
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> AudioDecoder.decode(p, 60), p.toString());
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void truncatedDataChunkIsReadAndNoted() throws Exception {
        byte[] good = Files.readAllBytes(TestAudio.wav16(dir.resolve("full.wav"), 16000, TestAudio.sine(200, 1.0, 16000, 0.3)));
        Path cut = TestAudio.bytes(dir.resolve("cut.wav"), Arrays.copyOf(good, good.length / 2));
        try (AudioStream s = AudioDecoder.open(cut)) {
            AudioClip c = AudioDecoder.readAll(s, 60);
            assertEquals(0.5, c.durationSeconds(), 0.01);
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("truncated")), s.notes().toString());
        }
    }

    @Test
    void oneSampleAndRawArrays() throws Exception {
        AudioClip one = AudioDecoder.decode(TestAudio.wav16(dir.resolve("one.wav"), 16000, new float[] {0.5f}), 60);
        assertEquals(1, one.length());
        try (AudioStream s = AudioDecoder.open(new AudioClip(TestAudio.sine(100, 1, 48000, 0.2), 48000))) {
            assertEquals(16000, AudioDecoder.readAll(s, 10).length(), 2);
        }
    }

    @Test
    void longInputStreamsInBlocks() throws Exception {
        // 10 minutes of raw audio read block by block through the resampler: nothing accumulates
        float[] minute = TestAudio.noise(60, 8000, 0.1, 5);
        long total = 0;
        float[] buf = new float[4096];
        for (int m = 0; m < 10; m++) {
            try (AudioStream s = AudioDecoder.open(minute, 8000, "minute")) {
                int n;
                while ((n = s.read(buf, 0, buf.length)) >= 0) {
                    total += n;
                }
            }
        }
        assertEquals(10 * 60 * 16000, total, 20);
    }
}
