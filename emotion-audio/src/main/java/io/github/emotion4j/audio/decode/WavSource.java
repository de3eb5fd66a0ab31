package io.github.emotion4j.audio.decode;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.core.spi.TruncationCheck;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure-Java fast path for RIFF/WAVE files: PCM 8/16/24/32-bit integer and 32/64-bit IEEE
 * float, plain or {@code WAVE_FORMAT_EXTENSIBLE}, any channel count (averaged to mono). Other
 * WAV codecs (mu-law, ADPCM ...) raise {@link UnsupportedMediaException} so the caller can hand
 * the file to FFmpeg. Streams the data chunk; a data chunk cut short by the end of the file is
 * read up to where the file ends and noted ("file looks truncated: ..."), or, when strict,
 * raises {@link MediaDecodeException}. Channels that cancel in the mono average are noted.
 */
final class WavSource implements MonoSource {
    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private final String name;
    private final InputStream in;
    private final int channels;
    private final int rate;
    private final int bits;
    private final boolean isFloat;
    private final int frameBytes;
    private long remaining;
    private final boolean unknownLength;
    private byte[] bytes = new byte[0];
    private final List<String> notes = new ArrayList<>();
    private final DecodeChecks.Downmix downmix = new DecodeChecks.Downmix();
    private final long declaredBytes;
    private long readBytes;
    private boolean strict;
    private boolean closed;

    private WavSource(String name, InputStream in, int channels, int rate, int bits, boolean isFloat, long dataBytes) {
        this.name = name;
        this.declaredBytes = dataBytes;
        this.in = in;
        this.channels = channels;
        this.rate = rate;
        this.bits = bits;
        this.isFloat = isFloat;
        this.frameBytes = channels * bits / 8;
        this.unknownLength = dataBytes < 0;
        this.remaining = dataBytes < 0 ? Long.MAX_VALUE : dataBytes;
    }

    /** Opens a WAV file, reading its header; the data are read later. */
    static WavSource open(Path file) throws MediaDecodeException {
        return open(file, false);
    }

    /** Opens a WAV file; {@code strict} makes a truncated data chunk an exception instead of a note. */
    static WavSource open(Path file, boolean strict) throws MediaDecodeException {
        WavSource s = open0(file);
        s.strict = strict;
        return s;
    }

    private static WavSource open0(Path file) throws MediaDecodeException {
        String name = file.toString();
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new MediaDecodeException(name, "cannot open: " + e.getMessage(), e);
        }
        try {
            return parse(name, in, Files.size(file));
        } catch (MediaDecodeException e) {
            closeQuietly(in);
            throw e;
        } catch (IOException e) {
            closeQuietly(in);
            throw new MediaDecodeException(name, "cannot read the WAV header: " + e.getMessage(), e);
        }
    }

    private static WavSource parse(String name, InputStream in, long fileSize) throws IOException {
        byte[] h = new byte[12];
        if (readFully(in, h, 12) < 12) {
            throw new MediaDecodeException(name, "truncated WAV header: the file has only " + fileSize + " bytes");
        }
        String riff = new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        String wave = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new UnsupportedMediaException(name, "not a RIFF/WAVE file (starts with '" + printable(h, 4) + "')");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        byte[] ch = new byte[8];
        while (true) {
            if (readFully(in, ch, 8) < 8) {
                throw new MediaDecodeException(name, format < 0 ? "corrupt WAV header: no 'fmt ' chunk before the end of the file"
                        : "corrupt WAV header: no 'data' chunk before the end of the file");
            }
            String id = new String(ch, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = le32(ch, 4) & 0xFFFFFFFFL;
            if (id.equals("fmt ")) {
                if (size < 16 || size > 1024) {
                    throw new MediaDecodeException(name, "corrupt WAV header: 'fmt ' chunk of " + size + " bytes");
                }
                byte[] f = new byte[(int) size];
                if (readFully(in, f, f.length) < f.length) {
                    throw new MediaDecodeException(name, "truncated WAV header inside the 'fmt ' chunk");
                }
                format = le16(f, 0);
                channels = le16(f, 2);
                rate = le32(f, 4);
                bits = le16(f, 14);
                if (format == EXTENSIBLE && size >= 26) {
                    format = le16(f, 24);
                }
                if ((size & 1) == 1) {
                    skip(in, 1);
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new MediaDecodeException(name, "corrupt WAV header: 'data' chunk before the 'fmt ' chunk");
                }
                check(name, format, channels, rate, bits);
                long dataBytes = size == 0xFFFFFFFFL || size == 0 ? -1 : size;
                WavSource s = new WavSource(name, in, channels, rate, bits, format == FLOAT, dataBytes);
                long avail = fileSize - 12 - 8;
                if (avail < 0) {
                    throw new MediaDecodeException(name, "truncated WAV file");
                }
                return s;
            } else {
                skip(in, size + (size & 1));
            }
        }
    }

    private static void check(String name, int format, int channels, int rate, int bits) throws MediaDecodeException {
        if (channels < 1 || channels > 64) {
            throw new MediaDecodeException(name, "corrupt WAV header: " + channels + " channels");
        }
        if (rate < 1000 || rate > 768_000) {
            throw new MediaDecodeException(name, "corrupt WAV header: sample rate " + rate + " Hz");
        }
        boolean ok = format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)
                || format == FLOAT && (bits == 32 || bits == 64);
        if (!ok) {
            throw new UnsupportedMediaException(name, "WAV codec " + format + " with " + bits
                    + "-bit samples is not plain PCM or float");
        }
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
        if (remaining < frameBytes) {
            return -1;
        }
        int frames = (int) Math.min(dst.length, remaining / frameBytes);
        int want = frames * frameBytes;
        if (bytes.length < want) {
            bytes = new byte[want];
        }
        int got;
        try {
            got = readFully(in, bytes, want);
        } catch (IOException e) {
            throw new MediaDecodeException(name, "read error in the WAV data: " + e.getMessage(), e);
        }
        readBytes += got;
        if (got < want) {
            if (!unknownLength) {
                double perSecond = (double) frameBytes * rate;
                String note = TruncationCheck.note(readBytes / perSecond, declaredBytes / perSecond)
                        + " (the WAV data chunk ends early)";
                if (strict) {
                    throw new MediaDecodeException(name, note);
                }
                notes.add(note);
            }
            remaining = 0;
        } else {
            remaining -= want;
        }
        int n = got / frameBytes;
        int bps = bits / 8;
        double scale = 1.0 / channels;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double sq = 0;
            int base = i * frameBytes;
            for (int c = 0; c < channels; c++) {
                double v = sample(bytes, base + c * bps);
                sum += v;
                sq += v * v;
            }
            double m = sum * scale;
            if (channels > 1) {
                downmix.add(sq * scale, m * m);
            }
            dst[i] = (float) m;
        }
        return n == 0 && remaining == 0 ? -1 : n;
    }

    private double sample(byte[] b, int p) {
        if (isFloat) {
            return bits == 32 ? Float.intBitsToFloat(le32(b, p)) : Double.longBitsToDouble(le64(b, p));
        }
        switch (bits) {
            case 8:
                return ((b[p] & 0xFF) - 128) / 128.0;
            case 16:
                return (short) ((b[p] & 0xFF) | (b[p + 1] << 8)) / 32768.0;
            case 24:
                return (((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16))) / 8388608.0;
            default:
                return le32(b, p) / 2147483648.0;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(in);
        }
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("chunk runs past the end of the file");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static int le16(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 24);
    }

    private static long le64(byte[] b, int p) {
        return (le32(b, p) & 0xFFFFFFFFL) | ((long) le32(b, p + 4) << 32);
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            char c = (char) (b[i] & 0xFF);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
