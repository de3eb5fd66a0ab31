package io.github.emotion4j.live;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a {@link LiveSession} reads from. Immutable; the {@code with*} methods return new sources.
 *
 * <pre>{@code
 * LiveSource.camera(0)                                   // /dev/video0 through FFmpeg's v4l2 input
 * LiveSource.microphone()                                // the default capture line of javax.sound.sampled
 * LiveSource.url(URI.create("rtsp://cam.local/stream"))  // RTSP, HTTP(S), HLS (.m3u8), anything FFmpeg opens
 * LiveSource.file(Path.of("interview.mp4"), true)        // a file played at real-time pace
 * LiveSource.ffmpeg("default", "pulse")                  // any FFmpeg input device, e.g. PulseAudio or ALSA
 * }</pre>
 *
 * <p>Network sources open with a read timeout ({@link #withTimeout}, default 5 s: FFmpeg's
 * {@code rw_timeout} and {@code timeout}) and a short probe ({@code analyzeduration} 1 s,
 * {@code probesize} 500 kB) so the first frames come quickly; {@link #withOption} passes any other
 * FFmpeg option (e.g. {@code rtsp_transport=tcp}).
 */
public final class LiveSource {
    /** What kind of source. */
    public enum Kind {
        /** A V4L2 video device. */
        CAMERA,
        /** A javax.sound.sampled capture line. */
        MICROPHONE,
        /** A network stream. */
        URL,
        /** A media file, at real-time pace or as fast as the analysis goes. */
        FILE,
        /** Any FFmpeg input (device or URL) with an explicit format. */
        FFMPEG
    }

    /** The default network read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Set<String> URL_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "udp",
            "rtp", "srt", "tcp", "hls");

    private final Kind kind;
    private final String input;
    private final String format;
    private final boolean realTime;
    private final Duration timeout;
    private final Map<String, String> options;

    private LiveSource(Kind kind, String input, String format, boolean realTime, Duration timeout,
                       Map<String, String> options) {
        this.kind = kind;
        this.input = input;
        this.format = format;
        this.realTime = realTime;
        this.timeout = timeout;
        this.options = Map.copyOf(options);
    }

    /** The camera {@code /dev/video<index>} (Linux, V4L2). */
    public static LiveSource camera(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("camera index must be >= 0, was " + index);
        }
        return camera("/dev/video" + index);
    }

    /** A V4L2 camera device, e.g. {@code /dev/video2}. */
    public static LiveSource camera(String device) {
        Objects.requireNonNull(device, "device");
        return new LiveSource(Kind.CAMERA, device, "v4l2", true, DEFAULT_TIMEOUT, Map.of());
    }

    /** The default microphone (a javax.sound.sampled {@code TargetDataLine}, 16 kHz mono when offered). */
    public static LiveSource microphone() {
        return new LiveSource(Kind.MICROPHONE, "default", null, true, DEFAULT_TIMEOUT, Map.of());
    }

    /**
     * A network stream: RTSP, RTMP, HTTP(S) (MPEG-TS, MJPEG, FLV, fragmented MP4 ...), HLS
     * playlists, SRT, UDP.
     *
     * @throws IllegalArgumentException when the URI has no scheme FFmpeg streams from
     */
    public static LiveSource url(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!URL_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not a stream URL: " + uri + " (use one of " + new java.util.TreeSet<>(URL_SCHEMES)
                    + ", or LiveSource.file(...) for a file)");
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("analyzeduration", "1000000");
        o.put("probesize", "500000");
        return new LiveSource(Kind.URL, uri.toString(), null, true, DEFAULT_TIMEOUT, o);
    }

    /** {@link #url(URI)} of a string. */
    public static LiveSource url(String uri) {
        return url(URI.create(Objects.requireNonNull(uri, "uri")));
    }

    /** A media file played at real-time pace (frames come out when their timestamp is due; late analysis drops frames). */
    public static LiveSource file(Path file) {
        return file(file, true);
    }

    /**
     * A media file.
     *
     * @param realTime true: paced by the timestamps, like a live stream (frames are dropped when the
     *                 analysis falls behind); false: as fast as the analysis goes, nothing dropped
     *                 (the reader waits for the analysis)
     */
    public static LiveSource file(Path file, boolean realTime) {
        Objects.requireNonNull(file, "file");
        return new LiveSource(Kind.FILE, file.toString(), null, realTime, DEFAULT_TIMEOUT, Map.of());
    }

    /** Any FFmpeg input with an explicit format, e.g. {@code ffmpeg("default", "pulse")} or {@code ffmpeg("hw:0", "alsa")}. */
    public static LiveSource ffmpeg(String input, String format) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(format, "format");
        return new LiveSource(Kind.FFMPEG, input, format, true, DEFAULT_TIMEOUT, Map.of());
    }

    /** This source with an FFmpeg option (demuxer or protocol), e.g. {@code rtsp_transport=tcp}, {@code video_size=640x480}. */
    public LiveSource withOption(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (kind == Kind.MICROPHONE) {
            throw new IllegalStateException("the javax.sound microphone takes no FFmpeg options; use LiveSource.ffmpeg(\"default\", \"pulse\")");
        }
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new LiveSource(kind, input, format, realTime, timeout, o);
    }

    /** This source with another read/open timeout (network sources; also bounds how long {@code close()} may wait for a blocked read). */
    public LiveSource withTimeout(Duration t) {
        Objects.requireNonNull(t, "timeout");
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + t);
        }
        return new LiveSource(kind, input, format, realTime, t, options);
    }

    /** The kind of source. */
    public Kind kind() {
        return kind;
    }

    /** The device, URL or file as FFmpeg (or javax.sound) opens it. */
    public String input() {
        return input;
    }

    /** The FFmpeg input format, when one is forced ({@code v4l2}, {@code pulse}, ...). */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /** Whether the source delivers at real-time pace (every source but a file read as fast as possible). */
    public boolean realTime() {
        return realTime;
    }

    /** Whether the source is a network stream. */
    public boolean network() {
        return kind == Kind.URL;
    }

    /** The read/open timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The FFmpeg options. */
    public Map<String, String> options() {
        return options;
    }

    /** A short description for messages, e.g. {@code "camera /dev/video0"}, {@code "stream http://..."}. */
    public String describe() {
        return switch (kind) {
            case CAMERA -> "camera " + input;
            case MICROPHONE -> "microphone";
            case URL -> "stream " + input;
            case FILE -> "file " + input + (realTime ? " (real time)" : "");
            case FFMPEG -> format + " input " + input;
        };
    }

    @Override
    public String toString() {
        return "LiveSource[" + describe() + "]";
    }
}
