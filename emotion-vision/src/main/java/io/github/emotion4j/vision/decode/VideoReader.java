package io.github.emotion4j.vision.decode;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Streams the frames of a video file (MP4, MKV, WebM, AVI, MOV, ... anything FFmpeg reads),
 * sampled at a fixed rate or every frame. Only the current frame is in memory, however long the
 * video. Frames are copied out of FFmpeg's reused buffer and rotated upright according to the
 * stream's display matrix. A video that ends before the duration its container declares (or
 * whose container declares more bytes than the file holds) is noted in {@link #notes()} as
 * "file looks truncated: decoded X s of Y s declared", or, when opened strict, raises
 * {@link MediaDecodeException} at its end.
 *
 * <pre>{@code
 * try (VideoReader video = VideoReader.open(path, 4.0)) {
 *     for (Optional<VideoFrame> f = video.next(); f.isPresent(); f = video.next()) { ... }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one reader per thread. {@link #close()} is idempotent.
 */
public final class VideoReader implements AutoCloseable {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.setLevel(avutil.AV_LOG_QUIET);
    }

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final double sampleFps;
    private final VideoInfo info;
    private final java.nio.file.Path file;
    private final boolean strict;
    private final boolean hasAudio;
    private final double declaredSeconds;
    private final List<String> notes = new ArrayList<>();
    private double reachedSeconds;
    private long decoded;
    private long emitted;
    private double nextSampleTime;
    private boolean closed;

    private VideoReader(FFmpegFrameGrabber grabber, String name, double sampleFps, VideoInfo info, Path file,
                        boolean strict, boolean hasAudio, double declaredSeconds) {
        this.file = file;
        this.strict = strict;
        this.hasAudio = hasAudio;
        this.declaredSeconds = declaredSeconds;
        this.grabber = grabber;
        this.name = name;
        this.sampleFps = sampleFps;
        this.info = info;
    }

    /**
     * Opens a video.
     *
     * @param file      the video file
     * @param sampleFps frames per second to keep; {@code <= 0} keeps every frame
     * @throws NoVideoStreamException   when the file is media without a video stream (audio only)
     * @throws UnsupportedMediaException when the video codec has no decoder
     * @throws MediaDecodeException      when the file is missing, empty, corrupt or truncated
     */
    public static VideoReader open(Path file, double sampleFps) throws MediaDecodeException {
        return open(file, sampleFps, false);
    }

    /**
     * Opens a video.
     *
     * @param file      the video file
     * @param sampleFps frames per second to keep; {@code <= 0} keeps every frame
     * @param strict    raise {@link MediaDecodeException} at the end of a truncated video instead of noting it
     * @throws NoVideoStreamException   when the file is media without a video stream (audio only)
     * @throws UnsupportedMediaException when the video codec has no decoder
     * @throws MediaDecodeException      when the file is missing, empty, corrupt or truncated
     */
    public static VideoReader open(Path file, double sampleFps, boolean strict) throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new MediaDecodeException(name, "no such file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaDecodeException(name, "the file is empty");
            }
        } catch (java.io.IOException e) {
            throw new MediaDecodeException(name, "cannot read the file (" + e + ")", e);
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("codec not found") || msg.contains("Unsupported video format")
                    || msg.contains("Did not find a video")) {
                throw new UnsupportedMediaException(name, "no video stream with a codec this library can decode (" + msg + ")", e);
            }
            throw new MediaDecodeException(name, "cannot open the video: corrupt, truncated or not a video (" + msg + ")", e);
        }
        if (g.hasVideo() && g.getVideoCodec() == 0) {
            closeQuietly(g);
            throw new UnsupportedMediaException(name, "unsupported video codec (unknown to FFmpeg)");
        }
        AVFormatContext oc = g.getFormatContext();
        int streams = oc == null ? 0 : oc.nb_streams();
        AVStream videoStream = null;
        for (int i = 0; i < streams && videoStream == null; i++) {
            if (oc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                videoStream = oc.streams(i);
            }
        }
        if (streams == 0) {
            closeQuietly(g);
            throw new MediaDecodeException(name, "FFmpeg finds no stream in the file (corrupt or not a media file)");
        }
        if (!g.hasVideo() || videoStream == null) {
            closeQuietly(g);
            throw new NoVideoStreamException(name, "no video stream in the file");
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new MediaDecodeException(name, "the video stream reports a frame size of " + g.getImageWidth() + "x"
                    + g.getImageHeight() + " (corrupt)");
        }
        int rotation = normalizeRotation(g.getDisplayRotation());
        boolean swap = rotation == 90 || rotation == 270;
        String codec = Optional.ofNullable(g.getVideoCodecName()).orElse("unknown");
        VideoInfo info = new VideoInfo(swap ? g.getImageHeight() : g.getImageWidth(),
                swap ? g.getImageWidth() : g.getImageHeight(), g.getVideoFrameRate(),
                Math.max(0, g.getLengthInTime()) / 1e6, rotation, codec, String.valueOf(g.getFormat()));
        double declared = 0;
        long d = videoStream.duration();
        if (d != avutil.AV_NOPTS_VALUE && d > 0 && videoStream.time_base().den() > 0) {
            declared = d * (double) videoStream.time_base().num() / videoStream.time_base().den();
        }
        String format = String.valueOf(g.getFormat()).toLowerCase(Locale.ROOT);
        // the file's duration stands for the video's only when nothing else is in it; Matroska's Duration is where
        // the last packet's end was written, which some muxers (JavaCV's among them) get wrong: its segment size
        // (TruncationCheck.containerShortfall) is the evidence there
        if (declared <= 0 && streams == 1 && !format.contains("matroska") && oc.duration() != avutil.AV_NOPTS_VALUE
                && oc.duration() > 0) {
            declared = oc.duration() / (double) avutil.AV_TIME_BASE;
        }
        return new VideoReader(g, name, sampleFps, info, file, strict, g.hasAudio(), declared);
    }

    /** The file's name as given. */
    String name() {
        return name;
    }

    /** What the video reports about itself. */
    public VideoInfo info() {
        return info;
    }

    /** Number of frames decoded so far (kept or not). */
    public long decodedFrames() {
        return decoded;
    }

    /** Number of frames handed out so far. */
    public long emittedFrames() {
        return emitted;
    }

    /**
     * The next kept frame, or empty at the end of the video.
     *
     * @throws MediaDecodeException when decoding fails, or when the video ends before its first frame
     */
    public Optional<VideoFrame> next() throws MediaDecodeException {
        if (closed) {
            throw new IllegalStateException("video reader for " + name + " is closed");
        }
        while (true) {
            Frame f;
            try {
                f = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new MediaDecodeException(name, "decoding failed after " + decoded + " frames ("
                        + e.getMessage() + ")", e);
            }
            if (f == null) {
                if (decoded == 0) {
                    if (hasAudio && TruncationCheck.containerShortfall(file).isEmpty()) {
                        throw new NoVideoStreamException(name, "no video stream: the video stream holds no frames");
                    }
                    throw new MediaDecodeException(name, "the video has no decodable frames (empty or truncated)");
                }
                finish();
                return Optional.empty();
            }
            if (f.image == null || f.image[0] == null) {
                continue;
            }
            long index = decoded++;
            double t = f.timestamp > 0 || index == 0 ? Math.max(0, f.timestamp) / 1e6
                    : index / (info.frameRate() > 0 ? info.frameRate() : 25.0);
            reachedSeconds = Math.max(reachedSeconds, t + 1.0 / (info.frameRate() > 0 ? info.frameRate() : 25.0));
            if (sampleFps > 0) {
                if (t + 1e-6 < nextSampleTime) {
                    continue;
                }
                nextSampleTime = Math.max(nextSampleTime + 1.0 / sampleFps, t + 0.5 / sampleFps);
            }
            emitted++;
            return Optional.of(new VideoFrame(rotate(copy(f), info.rotationDegrees()), index, t));
        }
    }

    /**
     * Copies a BGR24 frame out of the grabber's buffer. FFmpeg pads each row to an aligned
     * {@link Frame#imageStride} (bytes), and JavaCV then reports {@code imageChannels} as
     * {@code stride / width} (4, 12, 96 ... for narrow frames), so the layout is checked against
     * the stride, not the channel count.
     */
    /** Things the caller should know about the file, e.g. that it looks truncated; complete once {@link #next()} is empty. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** End-of-video checks: the container's sizes and declared duration against what was decoded. */
    private void finish() throws MediaDecodeException {
        if (!notes.isEmpty()) {
            return;
        }
        String note = TruncationCheck.containerShortfall(file).map(why -> TruncationCheck.note(reachedSeconds, why))
                .orElse(null);
        if (note == null && TruncationCheck.shortOf(reachedSeconds, declaredSeconds)) {
            note = TruncationCheck.note(reachedSeconds, declaredSeconds);
        }
        if (note == null) {
            return;
        }
        if (strict) {
            throw new MediaDecodeException(name, note);
        }
        notes.add(note);
    }

    private BufferedImage copy(Frame f) throws MediaDecodeException {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        int row = w * 3;
        if (f.imageDepth != Frame.DEPTH_UBYTE || w <= 0 || h <= 0 || !(f.image[0] instanceof ByteBuffer buf)
                || Math.abs(stride) < row || f.imageChannels < 3) {
            throw new MediaDecodeException(name, "unexpected frame layout: " + w + "x" + h + ", " + f.imageChannels
                    + " channels, depth " + f.imageDepth + ", stride " + stride);
        }
        ByteBuffer src = buf.duplicate();
        src.clear();
        long needed = (long) (h - 1) * stride + row;
        if (stride < 0 || needed > src.capacity()) {
            throw new MediaDecodeException(name, "unexpected frame layout: " + w + "x" + h + " with stride " + stride
                    + " needs " + needed + " bytes, the frame buffer holds " + src.capacity());
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            src.position(y * stride);
            src.get(dst, y * row, row);
        }
        return img;
    }

    /** Rotates a BGR image clockwise by 0, 90, 180 or 270 degrees. */
    static BufferedImage rotate(BufferedImage img, int degrees) {
        if (degrees == 0) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int ow = degrees == 180 ? w : h;
        int oh = degrees == 180 ? h : w;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (degrees) {
                    case 90 -> {
                        nx = h - 1 - y;
                        ny = x;
                    }
                    case 180 -> {
                        nx = w - 1 - x;
                        ny = h - 1 - y;
                    }
                    default -> {
                        nx = y;
                        ny = w - 1 - x;
                    }
                }
                int s = (y * w + x) * 3;
                int d = (ny * ow + nx) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return out;
    }

    /**
     * The clockwise rotation that shows frames upright, from the angle JavaCV reports for the
     * stream's display matrix (counter-clockwise). Checked against the {@code ffmpeg} command line,
     * which auto-rotates: a frame whose top-left marker {@code ffmpeg} shows bottom-left for a
     * reported 90 degrees is turned 270 degrees clockwise here.
     */
    static int normalizeRotation(double displayRotation) {
        if (!Double.isFinite(displayRotation)) {
            return 0;
        }
        int r = -(int) Math.round(displayRotation / 90.0) * 90;
        r = ((r % 360) + 360) % 360;
        return r;
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing more to do for a grabber that failed to start
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(grabber);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "VideoReader[%s, %dx%d, %s, %.2f fps]", name, info.width(), info.height(),
                info.codec(), info.frameRate());
    }
}
