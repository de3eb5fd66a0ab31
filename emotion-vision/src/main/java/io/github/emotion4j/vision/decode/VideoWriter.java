package io.github.emotion4j.vision.decode;

import io.github.emotion4j.core.MediaDecodeException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes frames to an H.264 MP4 with JavaCV, for benchmarks, demos and tests. Stateless and
 * thread-safe.
 */
public final class VideoWriter {
    private VideoWriter() {
    }

    /**
     * Writes the frames (all of the first frame's size) as H.264 in an MP4 container.
     *
     * @throws MediaDecodeException when FFmpeg cannot write the file
     */
    public static void writeH264(Path file, List<BufferedImage> frames, double fps) throws MediaDecodeException {
        Objects.requireNonNull(frames, "frames");
        writeH264(file, frames.size(), frames::get, fps);
    }

    /**
     * Writes {@code count} frames made one at a time by {@code frame} (so a long video never sits in
     * memory) as H.264 in an MP4 container.
     *
     * @throws MediaDecodeException when FFmpeg cannot write the file
     */
    public static void writeH264(Path file, int count, IntFunction<BufferedImage> frame, double fps)
            throws MediaDecodeException {
        writeH264(file, count, frame, fps, 0);
    }

    /**
     * As {@link #writeH264(Path, int, IntFunction, double)}, at a target bit rate (bits per second;
     * 0 = the encoder's default): a low rate keeps a long test video small on disk.
     *
     * @throws MediaDecodeException when FFmpeg cannot write the file
     */
    public static void writeH264(Path file, int count, IntFunction<BufferedImage> frame, double fps, int bitRate)
            throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        if (bitRate < 0) {
            throw new IllegalArgumentException("bitRate must be >= 0, was " + bitRate);
        }
        Objects.requireNonNull(frame, "frame");
        if (count < 1) {
            throw new IllegalArgumentException("no frames to write");
        }
        BufferedImage first = frame.apply(0);
        int w = first.getWidth();
        int h = first.getHeight();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoOption("preset", "veryfast");
            r.setVideoOption("crf", "23");
            if (bitRate > 0) {
                r.setVideoBitrate(bitRate);
            }
            r.start();
            r.record(conv.convert(first));
            for (int i = 1; i < count; i++) {
                r.record(conv.convert(frame.apply(i)));
            }
            r.stop();
        } catch (FrameRecorder.Exception e) {
            throw new MediaDecodeException(file.toString(), "cannot write the video (" + e.getMessage() + ")", e);
        }
    }
}
