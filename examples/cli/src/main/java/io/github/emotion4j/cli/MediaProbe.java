package io.github.emotion4j.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Finds a media file's duration without decoding it: the {@code mvhd} box of MP4/MOV/M4A files,
 * the header of WAV/AIFF/AU files. Used only to decide whether to show progress. Stateless.
 */
final class MediaProbe {
    private MediaProbe() {
    }

    /** The duration in seconds, when it can be read cheaply. */
    static Optional<Double> durationSeconds(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".mp4") || name.endsWith(".m4v") || name.endsWith(".mov") || name.endsWith(".m4a")) {
                return mp4(file);
            }
            if (name.endsWith(".wav") || name.endsWith(".aif") || name.endsWith(".aiff") || name.endsWith(".au")) {
                AudioFileFormat f = AudioSystem.getAudioFileFormat(file.toFile());
                if (f.getFrameLength() > 0 && f.getFormat().getFrameRate() > 0) {
                    return Optional.of(f.getFrameLength() / (double) f.getFormat().getFrameRate());
                }
            }
        } catch (IOException | UnsupportedAudioFileException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Double> mp4(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            return findMvhd(raf, 0, raf.length(), 0);
        }
    }

    private static Optional<Double> findMvhd(RandomAccessFile raf, long from, long to, int depth) throws IOException {
        long pos = from;
        while (pos + 8 <= to && depth < 4) {
            raf.seek(pos);
            long size = raf.readInt() & 0xFFFFFFFFL;
            String type = fourcc(raf.readInt());
            int header = 8;
            if (size == 1) {
                size = raf.readLong();
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header) {
                return Optional.empty();
            }
            if (type.equals("moov")) {
                return findMvhd(raf, pos + header, pos + size, depth + 1);
            }
            if (type.equals("mvhd")) {
                int version = raf.readUnsignedByte();
                raf.skipBytes(3);
                long timescale;
                long duration;
                if (version == 1) {
                    raf.skipBytes(16);
                    timescale = raf.readInt() & 0xFFFFFFFFL;
                    duration = raf.readLong();
                } else {
                    raf.skipBytes(8);
                    timescale = raf.readInt() & 0xFFFFFFFFL;
                    duration = raf.readInt() & 0xFFFFFFFFL;
                }
                return timescale > 0 ? Optional.of(duration / (double) timescale) : Optional.empty();
            }
            pos += size;
        }
        return Optional.empty();
    }

    private static String fourcc(int v) {
        return new String(new char[] {(char) (v >>> 24 & 0xFF), (char) (v >>> 16 & 0xFF), (char) (v >>> 8 & 0xFF),
                (char) (v & 0xFF)});
    }
}
