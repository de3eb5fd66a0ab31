package io.github.emotion4j.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads how long an audio or video file is from its header, without decoding it: WAV/AIFF/AU with
 * Java Sound, everything else with FFmpeg's container probe. Stateless.
 */
final class MediaDuration {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private MediaDuration() {
    }

    /** The duration in seconds, or empty when the header does not say (the decoder then reports what is wrong). */
    static OptionalDouble seconds(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".wav") || name.endsWith(".aif") || name.endsWith(".aiff") || name.endsWith(".au")) {
            try {
                AudioFileFormat f = AudioSystem.getAudioFileFormat(file.toFile());
                if (f.getFrameLength() > 0 && f.getFormat().getFrameRate() > 0) {
                    return OptionalDouble.of(f.getFrameLength() / (double) f.getFormat().getFrameRate());
                }
            } catch (IOException | UnsupportedAudioFileException | RuntimeException e) {
                // not a plain PCM header (e.g. WAV with another codec): FFmpeg below
            }
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start(false);
            long us = g.getLengthInTime();
            g.stop();
            return us > 0 ? OptionalDouble.of(us / 1e6) : OptionalDouble.empty();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
