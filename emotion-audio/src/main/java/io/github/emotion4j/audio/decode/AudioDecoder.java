package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.AudioClip;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.UnsupportedMediaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens audio as a 16 kHz mono {@link AudioStream}: WAV files through a pure-Java reader (the
 * fast path), everything else (FLAC, MP3, OGG/Opus, M4A/AAC, the audio track of a video, WAV
 * codecs the fast path does not read) through FFmpeg via JavaCV; raw sample arrays directly.
 * Stateless and thread-safe; each stream it returns belongs to one reader.
 */
public final class AudioDecoder {
    private AudioDecoder() {
    }

    /**
     * Opens a file.
     *
     * @throws NoAudioTrackException when the file (a video) has no audio stream
     * @throws MediaDecodeException  when the file is missing, empty, corrupt or not media; the message names it
     */
    public static AudioStream open(Path file) throws MediaDecodeException {
        return open(file, false);
    }

    /**
     * Opens a file. A file that decodes to less than its container declares (cut short) is read
     * to where it ends and noted in {@link AudioStream#notes()} ("file looks truncated: decoded X s
     * of Y s declared"); with {@code strict} the read that reaches the end throws instead.
     *
     * @param strict raise {@link MediaDecodeException} for a truncated file instead of noting it
     * @throws NoAudioTrackException when the file (a video) has no audio stream
     * @throws MediaDecodeException  when the file is missing, empty, corrupt or not media; the message names it
     */
    public static AudioStream open(Path file, boolean strict) throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new MediaDecodeException(name, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaDecodeException(name, "the file is empty (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new MediaDecodeException(name, "cannot read: " + e.getMessage(), e);
        }
        if (isWav(file)) {
            try {
                return new ResamplingStream(WavSource.open(file, strict));
            } catch (UnsupportedMediaException e) {
                // not plain PCM: let FFmpeg try (mu-law, ADPCM, or a mislabelled file)
                try {
                    return new ResamplingStream(FfmpegSource.open(file, strict));
                } catch (MediaDecodeException f) {
                    f.addSuppressed(e);
                    throw f;
                }
            }
        }
        return new ResamplingStream(FfmpegSource.open(file, strict));
    }

    /** A stream over raw mono samples at any rate; NaN/Inf become 0, values are clipped to [-1, 1]. */
    public static AudioStream open(AudioClip clip) {
        Objects.requireNonNull(clip, "clip");
        return new ResamplingStream(new ArraySource(clip.samples(), clip.sampleRate(), clip.toString()));
    }

    /** A stream over raw mono samples at any rate. The array is read, not copied: do not change it meanwhile. */
    public static AudioStream open(float[] samples, int sampleRate, String name) {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
        return new ResamplingStream(new ArraySource(samples, sampleRate, Objects.requireNonNull(name, "name")));
    }

    /**
     * Decodes a whole file into memory (16 kHz mono). For long files prefer {@link #open(Path)}.
     *
     * @param maxSeconds stop with an exception beyond this duration (guards memory)
     */
    public static AudioClip decode(Path file, double maxSeconds) throws MediaDecodeException {
        try (AudioStream s = open(file)) {
            return readAll(s, maxSeconds);
        }
    }

    /** Reads a stream to its end. */
    public static AudioClip readAll(AudioStream s, double maxSeconds) throws MediaDecodeException {
        long max = (long) Math.min(Integer.MAX_VALUE - 16, maxSeconds * AudioStream.SAMPLE_RATE);
        Resampler.FloatBuffer acc = new Resampler.FloatBuffer(1 << 16);
        float[] buf = new float[8192];
        long total = 0;
        int n;
        while ((n = s.read(buf, 0, buf.length)) >= 0) {
            total += n;
            if (total > max) {
                throw new MediaDecodeException(s.source(), "longer than " + maxSeconds
                        + " s; use AudioDecoder.open(...) to stream it");
            }
            acc.add(buf, 0, n);
        }
        return new AudioClip(acc.toArray(), AudioStream.SAMPLE_RATE);
    }

    static boolean isWav(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".wave");
    }
}
