package io.github.emotion4j.audio.vad;

import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.core.MediaDecodeException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a 16 kHz stream into speech segments with a {@link VoiceActivityDetector}: frames above
 * the detector's threshold open a segment, pauses shorter than {@code minSilence} are bridged
 * (merged), segments shorter than {@code minSpeech} are dropped and segments longer than
 * {@code maxSegment} are split. Each segment carries {@code pad} seconds of context on either
 * side. Segments are handed to the consumer as soon as they end, so memory stays bounded by
 * {@code maxSegment} however long the stream is. Immutable and thread-safe (state lives in
 * {@link #run}).
 */
public final class SpeechSegmenter {
    private static final int RATE = AudioStream.SAMPLE_RATE;

    /** Segmentation settings in seconds. */
    public record Config(double minSpeech, double minSilence, double maxSegment, double pad, double threshold) {
        public Config {
            if (!(minSpeech >= 0) || !(minSilence > 0) || !(maxSegment > minSpeech) || !(pad >= 0)
                    || !(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("bad segmentation settings: " + this);
            }
        }

        /** 0.25 s minimum speech, 0.5 s pauses bridged, 10 s maximum, 0.1 s padding, threshold 0.5. */
        public static Config defaults() {
            return new Config(0.25, 0.5, 10.0, 0.1, 0.5);
        }
    }

    /** What a run saw. */
    public record Summary(long totalSamples, long speechSamples, int segments) {
        /** Stream duration in seconds. */
        public double seconds() {
            return totalSamples / (double) RATE;
        }
    }

    private final VoiceActivityDetector vad;
    private final Config config;

    public SpeechSegmenter(VoiceActivityDetector vad, Config config) {
        this.vad = Objects.requireNonNull(vad, "vad");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The detector. */
    public VoiceActivityDetector vad() {
        return vad;
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** Reads the stream to its end and hands every speech segment to {@code sink}. */
    public Summary run(AudioStream stream, Consumer<SpeechSegment> sink) throws MediaDecodeException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sink, "sink");
        VoiceActivityDetector.Session session = vad.newSession();
        int fs = vad.frameSize();
        int pad = (int) Math.round(config.pad() * RATE);
        int minSpeech = (int) Math.round(config.minSpeech() * RATE);
        int minSilence = (int) Math.round(config.minSilence() * RATE);
        int maxSeg = (int) Math.round(config.maxSegment() * RATE);
        float[] frame = new float[fs];
        float[] history = new float[Math.max(pad, 1)];
        int histLen = 0;
        float[] seg = new float[Math.min(maxSeg + 2 * pad + fs, 1 << 16)];
        int segLen = 0;
        long segStart = 0;
        int speechInSeg = 0;
        int silenceRun = 0;
        boolean inSpeech = false;
        long pos = 0;
        long speech = 0;
        int count = 0;
        int fill = 0;
        float[] buf = new float[4096];
        boolean end = false;
        while (!end) {
            int n = stream.read(buf, 0, buf.length);
            if (n < 0) {
                end = true;
                if (fill == 0) {
                    break;
                }
                Arrays.fill(frame, fill, fs, 0f);
                n = 0;
            }
            int off = 0;
            while (off < n || end && fill > 0) {
                int take = Math.min(n - off, fs - fill);
                System.arraycopy(buf, off, frame, fill, take);
                fill += take;
                off += take;
                if (fill < fs && !end) {
                    break;
                }
                int real = fill;
                fill = 0;
                boolean isSpeech = session.speechProbability(frame) >= config.threshold();
                if (isSpeech) {
                    speech += real;
                }
                if (!inSpeech && isSpeech) {
                    inSpeech = true;
                    segStart = pos - histLen;
                    segLen = 0;
                    seg = append(seg, segLen, history, 0, histLen);
                    segLen += histLen;
                    speechInSeg = 0;
                    silenceRun = 0;
                }
                if (inSpeech) {
                    seg = append(seg, segLen, frame, 0, real);
                    segLen += real;
                    if (isSpeech) {
                        speechInSeg += real;
                        silenceRun = 0;
                    } else {
                        silenceRun += real;
                    }
                    boolean pauseEnds = silenceRun >= minSilence;
                    boolean tooLong = segLen >= maxSeg;
                    if (pauseEnds || tooLong || end) {
                        int keep = pauseEnds || end ? Math.min(segLen, segLen - silenceRun + pad) : segLen;
                        if (speechInSeg >= minSpeech) {
                            sink.accept(new SpeechSegment(Math.max(0, segStart), Arrays.copyOf(seg, keep)));
                            count++;
                        }
                        segLen = 0;
                        speechInSeg = 0;
                        silenceRun = 0;
                        inSpeech = tooLong && !pauseEnds && isSpeech;
                        segStart = pos + real;
                    }
                }
                // keep the last `pad` samples as the pre-roll of the next segment
                histLen = shift(history, histLen, frame, real);
                pos += real;
                if (end) {
                    break;
                }
            }
        }
        if (inSpeech && segLen > 0 && speechInSeg >= minSpeech) {
            int keep = Math.min(segLen, segLen - silenceRun + pad);
            sink.accept(new SpeechSegment(Math.max(0, segStart), Arrays.copyOf(seg, keep)));
            count++;
        }
        return new Summary(pos, speech, count);
    }

    private static float[] append(float[] dst, int len, float[] src, int off, int n) {
        if (len + n > dst.length) {
            dst = Arrays.copyOf(dst, Math.max(dst.length * 2, len + n));
        }
        System.arraycopy(src, off, dst, len, n);
        return dst;
    }

    private static int shift(float[] hist, int histLen, float[] frame, int n) {
        int cap = hist.length;
        if (n >= cap) {
            System.arraycopy(frame, n - cap, hist, 0, cap);
            return cap;
        }
        int keep = Math.min(histLen, cap - n);
        System.arraycopy(hist, histLen - keep, hist, 0, keep);
        System.arraycopy(frame, 0, hist, keep, n);
        return keep + n;
    }
}
