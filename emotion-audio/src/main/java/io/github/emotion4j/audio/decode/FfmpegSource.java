package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Any format FFmpeg reads (FLAC, MP3, OGG/Opus, M4A/AAC, the audio track of a video ...),
 * decoded to float by FFmpeg and averaged to mono here, like the WAV path (no clipping when
 * loud channels are summed; channels that cancel are noted). The rate is converted by
 * {@link Resampler} like every other path. JavaCV reuses its frame buffers, so samples are
 * copied out at once. Errors become {@link MediaDecodeException}s naming the file: a file FFmpeg
 * finds no stream in, or whose audio stream reports no channels or rate, is unreadable, not a
 * file "without audio track". At the end the decoded duration is compared with the one the
 * container declares; a shortfall is noted (or, when strict, thrown) as truncation.
 */
final class FfmpegSource implements MonoSource {
    /** Frames in a row without a single sample after which the file is declared broken. */
    private static final int MAX_EMPTY_FRAMES = 20_000;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final String name;
    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final int rate;
    private final int channels;
    private final boolean strict;
    private final double declaredSeconds;
    private final boolean hasVideo;
    private final DecodeChecks.Downmix downmix = new DecodeChecks.Downmix();
    private final List<String> notes = new ArrayList<>();
    private long samples;
    private float[] carry = new float[0];
    private int carryPos;
    private boolean ended;
    private boolean closed;

    private FfmpegSource(String name, Path file, FFmpegFrameGrabber grabber, int rate, int channels, boolean strict,
                         double declaredSeconds, boolean hasVideo) {
        this.name = name;
        this.file = file;
        this.grabber = grabber;
        this.rate = rate;
        this.channels = channels;
        this.strict = strict;
        this.declaredSeconds = declaredSeconds;
        this.hasVideo = hasVideo;
    }

    static FfmpegSource open(Path file) throws MediaDecodeException {
        return open(file, false);
    }

    /**
     * @param strict throw {@link MediaDecodeException} at the end of a truncated file instead of noting it
     */
    static FfmpegSource open(Path file, boolean strict) throws MediaDecodeException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new MediaDecodeException(name, Files.exists(file) ? "not a regular file" : "no such file");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        try {
            g.start(true);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new MediaDecodeException(name, "FFmpeg cannot read the file (corrupt, truncated or not a media file): "
                    + e.getMessage(), e);
        }
        AVFormatContext oc = g.getFormatContext();
        int streams = oc == null ? 0 : oc.nb_streams();
        AVStream audio = null;
        boolean video = false;
        for (int i = 0; i < streams; i++) {
            AVStream st = oc.streams(i);
            int type = st.codecpar().codec_type();
            if (type == avutil.AVMEDIA_TYPE_AUDIO && audio == null) {
                audio = st;
            } else if (type == avutil.AVMEDIA_TYPE_VIDEO) {
                video = true;
            }
        }
        if (streams == 0) {
            release(g);
            throw new MediaDecodeException(name, "FFmpeg finds no stream in the file (corrupt or not a media file, format "
                    + g.getFormat() + ")");
        }
        if (audio == null || !g.hasAudio()) {
            release(g);
            throw new NoAudioTrackException(name);
        }
        int channels = g.getAudioChannels();
        int rate = g.getSampleRate();
        if (channels <= 0 || rate <= 0) {
            release(g);
            throw new MediaDecodeException(name, "the audio stream cannot be decoded (corrupt or not audio): it reports "
                    + channels + " channels at " + rate + " Hz");
        }
        double declared = seconds(audio.duration(), audio.time_base().num(), audio.time_base().den());
        if (declared <= 0 && !video && oc.duration() != avutil.AV_NOPTS_VALUE && oc.duration() > 0) {
            // audio-only container without a stream duration (Matroska): the file's duration is the audio's
            declared = oc.duration() / (double) avutil.AV_TIME_BASE;
        }
        return new FfmpegSource(name, file, g, rate, channels, strict, declared, video);
    }

    private static double seconds(long ts, int num, int den) {
        if (ts == avutil.AV_NOPTS_VALUE || ts <= 0 || num <= 0 || den <= 0) {
            return 0;
        }
        return ts * (double) num / den;
    }

    @Override
    public String source() {
        return name;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public List<String> notes() {
        List<String> out = new ArrayList<>(notes);
        downmix.note().ifPresent(out::add);
        return out;
    }

    @Override
    public int read(float[] dst) throws MediaDecodeException {
        int empty = 0;
        while (carryPos >= carry.length) {
            if (ended) {
                return -1;
            }
            Frame f;
            try {
                f = grabber.grabSamples();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new MediaDecodeException(name, "FFmpeg failed while decoding audio: " + e.getMessage(), e);
            }
            if (f == null) {
                ended = true;
                finish();
                return -1;
            }
            carry = copy(f);
            carryPos = 0;
            samples += carry.length;
            if (carry.length == 0 && ++empty > MAX_EMPTY_FRAMES) {
                throw new MediaDecodeException(name, "FFmpeg returned " + MAX_EMPTY_FRAMES
                        + " audio frames without samples; the file looks corrupt");
            }
        }
        int n = Math.min(dst.length, carry.length - carryPos);
        System.arraycopy(carry, carryPos, dst, 0, n);
        carryPos += n;
        return n;
    }

    /** End-of-file checks: nothing decoded at all, or less than the container declares. */
    private void finish() throws MediaDecodeException {
        double decoded = samples / (double) rate;
        if (samples == 0 && !hasVideo) {
            throw new MediaDecodeException(name, "no decodable audio in the file (corrupt, truncated or not audio)");
        }
        String format = String.valueOf(grabber.getFormat()).toLowerCase(Locale.ROOT);
        String note = TruncationCheck.containerShortfall(file).map(why -> TruncationCheck.note(decoded, why)).orElse(null);
        // Matroska's Duration is where the last packet's end was written, which some muxers (JavaCV's among them)
        // get wrong; its segment size, checked above, is the reliable evidence there
        if (note == null && !format.contains("matroska") && TruncationCheck.shortOf(decoded, declaredSeconds)) {
            note = TruncationCheck.note(decoded, declaredSeconds);
        }
        if (note == null && format.contains("ogg")) {
            note = TruncationCheck.oggTail(file).map(why -> TruncationCheck.note(decoded, why)).orElse(null);
        }
        if (note == null) {
            if (samples == 0) {
                notes.add("the audio track holds no samples");
            }
            return;
        }
        if (strict) {
            throw new MediaDecodeException(name, note);
        }
        notes.add(note);
    }

    /** Copies one frame out of JavaCV's buffers and averages its channels (planar or interleaved). */
    private float[] copy(Frame f) {
        if (f.samples == null || f.samples.length == 0) {
            return new float[0];
        }
        if (f.samples.length > 1) {
            FloatBuffer[] planes = new FloatBuffer[f.samples.length];
            for (int c = 0; c < planes.length; c++) {
                if (!(f.samples[c] instanceof FloatBuffer fb)) {
                    return new float[0];
                }
                planes[c] = fb.duplicate();
                planes[c].rewind();
            }
            int n = planes[0].remaining();
            for (FloatBuffer p : planes) {
                n = Math.min(n, p.remaining());
            }
            float[] mono = new float[n];
            int ch = planes.length;
            for (int i = 0; i < n; i++) {
                double s = 0;
                double sq = 0;
                for (FloatBuffer p : planes) {
                    float v = p.get(i);
                    s += v;
                    sq += (double) v * v;
                }
                double m = s / ch;
                downmix.add(sq / ch, m * m);
                mono[i] = (float) m;
            }
            return mono;
        }
        Buffer b = f.samples[0];
        if (!(b instanceof FloatBuffer fb)) {
            return new float[0];
        }
        FloatBuffer d = fb.duplicate();
        d.rewind();
        int ch = Math.max(1, f.audioChannels);
        float[] all = new float[d.remaining()];
        d.get(all);
        if (ch == 1) {
            return all;
        }
        float[] mono = new float[all.length / ch];
        for (int i = 0; i < mono.length; i++) {
            double s = 0;
            double sq = 0;
            for (int c = 0; c < ch; c++) {
                float v = all[i * ch + c];
                s += v;
                sq += (double) v * v;
            }
            double m = s / ch;
            downmix.add(sq / ch, m * m);
            mono[i] = (float) m;
        }
        return mono;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(grabber);
        }
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing a half-opened grabber can fail; nothing to do
        }
    }
}
