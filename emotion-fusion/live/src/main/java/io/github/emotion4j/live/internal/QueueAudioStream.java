package io.github.emotion4j.live.internal;

import io.github.emotion4j.audio.decode.AudioStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The audio of a live source as the pull {@link AudioStream} that
 * {@link io.github.emotion4j.audio.vad.SpeechSegmenter} reads: blocks come from a
 * {@link BoundedQueue} and a read waits for the next one. Sample positions in this stream skip
 * the blocks the queue dropped, so it keeps anchors (position, stream time) to map the segmenter's
 * positions back to stream time. Not thread-safe (the segmenter's thread reads it).
 */
public final class QueueAudioStream implements AudioStream {
    /** Anchors kept: enough for several minutes of 64 ms blocks, far more than the longest segment. */
    private static final int MAX_ANCHORS = 8192;

    private record Anchor(long position, double time) {
    }

    private final BoundedQueue<Captured.Audio> queue;
    private final String source;
    private final ArrayDeque<Anchor> anchors = new ArrayDeque<>();
    private float[] current = new float[0];
    private int pos;
    private long position;
    private Instant lastCapturedAt = Instant.now();
    private boolean ended;

    /**
     * @param queue  where the blocks come from
     * @param source the source, for messages
     */
    public QueueAudioStream(BoundedQueue<Captured.Audio> queue, String source) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int sourceSampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int sourceChannels() {
        return 1;
    }

    @Override
    public int read(float[] dst, int off, int len) {
        while (pos >= current.length) {
            if (ended) {
                return -1;
            }
            Captured.Audio a;
            try {
                a = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = null;
            }
            if (a == null) {
                ended = true;
                return -1;
            }
            current = a.samples();
            pos = 0;
            lastCapturedAt = a.capturedAt();
            anchors.addLast(new Anchor(position, a.time()));
            if (anchors.size() > MAX_ANCHORS) {
                anchors.pollFirst();
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, dst, off, n);
        pos += n;
        position += n;
        return n;
    }

    /** The stream time of a sample position of this stream (as the segmenter counts). */
    public double timeOf(long samplePosition) {
        Anchor best = null;
        for (var it = anchors.descendingIterator(); it.hasNext(); ) {
            Anchor a = it.next();
            if (a.position() <= samplePosition) {
                best = a;
                break;
            }
        }
        if (best == null) {
            best = anchors.isEmpty() ? new Anchor(0, 0) : anchors.peekFirst();
        }
        return Math.max(0, best.time() + (samplePosition - best.position()) / (double) SAMPLE_RATE);
    }

    /** When the latest block read came out of the source. */
    public Instant lastCapturedAt() {
        return lastCapturedAt;
    }

    @Override
    public long nonFiniteSamples() {
        return 0;
    }

    @Override
    public long clippedSamples() {
        return 0;
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() {
        ended = true;
    }
}
