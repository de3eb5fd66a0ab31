package io.github.emotion4j.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.audio.TestAudio;
import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.MediaDecodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage, truncated and phase-cancelling files: each is an error or a warning, never a silent "normal" result. */
@Timeout(120)
class DamagedMediaTest {
    @TempDir
    Path dir;

    private static List<byte[]> garbage() {
        byte[] zeros = new byte[4096];
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        return List.of(new byte[] {0x42}, zeros, ones, random);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flac", "mp3", "aac", "m4a", "opus", "wav", "ogg", "aiff", "au", "mka"})
    void garbageIsAnErrorNamingTheFileNotNoAudioTrack(String ext) throws Exception {
        int i = 0;
        for (byte[] g : garbage()) {
            Path f = TestAudio.bytes(dir.resolve("garbage" + (i++) + "." + ext), g);
            MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> AudioDecoder.decode(f, 60),
                    f + " (" + g.length + " bytes)");
            assertFalse(e instanceof NoAudioTrackException, f + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({"flac,flac,FLAC,0.32", "flac,flac,FLAC,0.6", "mp3,mp3,MP3,0.3", "mp3,mp3,MP3,0.6",
            "aiff,aiff,PCM_S16BE,0.3", "au,au,PCM_S16BE,0.6", "opus,ogg,OPUS,0.3", "opus,ogg,OPUS,0.6",
            "ogg,ogg,VORBIS,0.3", "mka,matroska,FLAC,0.3", "mka,matroska,OPUS,0.6", "webm,webm,OPUS,0.3", "wav,wav,PCM_S16LE,0.3"})
    void truncatedFilesWarnAndStrictModeThrows(String ext, String format, String codec, double keep) throws Exception {
        int id = switch (codec) {
            case "FLAC" -> avcodec.AV_CODEC_ID_FLAC;
            case "MP3" -> avcodec.AV_CODEC_ID_MP3;
            case "PCM_S16BE" -> avcodec.AV_CODEC_ID_PCM_S16BE;
            case "PCM_S16LE" -> avcodec.AV_CODEC_ID_PCM_S16LE;
            case "OPUS" -> avcodec.AV_CODEC_ID_OPUS;
            case "VORBIS" -> avcodec.AV_CODEC_ID_VORBIS;
            default -> avcodec.AV_CODEC_ID_AAC;
        };
        int rate = codec.equals("OPUS") ? 48000 : 44100;
        Path full = MediaFiles.audio(dir.resolve("full." + ext), TestAudio.noise(6.0, rate, 0.3, 3), rate, 2, format, id);
        try (AudioStream s = AudioDecoder.open(full)) {
            AudioClip c = AudioDecoder.readAll(s, 60);
            assertEquals(6.0, c.durationSeconds(), 0.2, ext);
            assertTrue(s.notes().isEmpty(), "a whole file has no notes: " + s.notes());
        }
        byte[] all = Files.readAllBytes(full);
        Path cut = TestAudio.bytes(dir.resolve("cut." + ext), Arrays.copyOf(all, (int) (all.length * keep)));
        try (AudioStream s = AudioDecoder.open(cut)) {
            AudioClip c = AudioDecoder.readAll(s, 60);
            assertTrue(c.durationSeconds() < 6.0 * keep + 1, ext + " decoded " + c.durationSeconds());
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("truncated")), ext + ": " + s.notes());
        }
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> {
            try (AudioStream s = AudioDecoder.open(cut, true)) {
                AudioDecoder.readAll(s, 60);
            }
        });
        assertTrue(e.getMessage().contains("cut." + ext) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wav", "flac"})
    void channelsThatCancelInTheDownmixAreNoted(String ext) throws Exception {
        float[] left = TestAudio.voiced(2.0, 160, 16000, 0.4, 1);
        float[] right = new float[left.length];
        for (int i = 0; i < left.length; i++) {
            right[i] = -left[i];
        }
        Path f = ext.equals("wav") ? TestAudio.wav16(dir.resolve("inverted.wav"), 16000, left, right)
                : MediaFiles.stereo(dir.resolve("inverted.flac"), left, right, 16000, "flac", avcodec.AV_CODEC_ID_FLAC);
        try (AudioStream s = AudioDecoder.open(f)) {
            AudioDecoder.readAll(s, 60);
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("cancel out")), ext + ": " + s.notes());
        }
        // the same stereo file with a quiet but real downmix has no such note
        float[] half = new float[left.length];
        for (int i = 0; i < left.length; i++) {
            half[i] = left[i] * 0.5f;
        }
        Path ok = ext.equals("wav") ? TestAudio.wav16(dir.resolve("ok.wav"), 16000, left, half)
                : MediaFiles.stereo(dir.resolve("ok.flac"), left, half, 16000, "flac", avcodec.AV_CODEC_ID_FLAC);
        try (AudioStream s = AudioDecoder.open(ok)) {
            AudioDecoder.readAll(s, 60);
            assertTrue(s.notes().isEmpty(), ext + ": " + s.notes());
        }
    }

    @Test
    void loudStereoIsAveragedNotClipped() throws Exception {
        float[] left = TestAudio.sine(300, 1.0, 44100, 0.95);
        Path f = MediaFiles.stereo(dir.resolve("loud.flac"), left, left.clone(), 44100, "flac", avcodec.AV_CODEC_ID_FLAC);
        try (AudioStream s = AudioDecoder.open(f)) {
            float[] out = AudioDecoder.readAll(s, 60).samples();
            float peak = 0;
            for (float v : out) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertEquals(0, s.clippedSamples());
            assertEquals(0.95, peak, 0.05, "two equal channels average to the same level");
        }
    }
}
