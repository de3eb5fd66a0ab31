package io.github.emotion4j.live;

import io.github.emotion4j.audio.decode.AudioStream;
import io.github.emotion4j.audio.vad.EnergyVad;
import io.github.emotion4j.audio.vad.SpeechSegment;
import io.github.emotion4j.audio.vad.SpeechSegmenter;
import io.github.emotion4j.audio.vad.VoiceActivityDetector;
import io.github.emotion4j.core.EmotionDistribution;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.Segment;
import io.github.emotion4j.core.TimeSpan;
import io.github.emotion4j.live.internal.BoundedQueue;
import io.github.emotion4j.live.internal.Capture;
import io.github.emotion4j.live.internal.Captured;
import io.github.emotion4j.live.internal.QueueAudioStream;
import io.github.emotion4j.live.internal.WindowFuser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses a live source as it arrives and hands out what it decides: the face expression of
 * each sampled frame, each speech segment after its voice-activity end, and fused windows.
 *
 * <pre>{@code
 * try (EmotionRecognizer recognizer = EmotionRecognizer.builder().withDefaultModels().build();
 *      LiveSession live = LiveSession.builder(recognizer)
 *              .source(LiveSource.url("rtsp://camera.local/stream"))
 *              .fps(4)
 *              .onSegment(s -> System.out.println(s.kind() + " " + s.segment().distribution().top()))
 *              .start()) {
 *     live.awaitTermination(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> A reader thread owns the source (grabber or capture line), samples frames at
 * {@link Builder#fps} and resamples audio to 16 kHz; a vision thread and a speech thread call the
 * recognizer; events go to listeners and {@link Flow.Subscriber}s through a
 * {@link SubmissionPublisher} on the {@link Builder#executor delivery executor} (by default one
 * daemon thread the session owns), so a slow listener never stalls the analysis.
 *
 * <p><b>Bounds.</b> Between the reader and the analysis sit bounded queues ({@link Builder#frameQueue}
 * frames, {@link Builder#audioQueue} of audio): when the analysis falls behind a real-time source
 * the oldest queued frames or audio blocks are dropped and counted ({@link LiveCounters#framesDropped},
 * {@link LiveCounters#audioSecondsDropped}), so latency stays at most a queue's worth plus one
 * analysis, and memory stays constant. A file read as fast as possible drops nothing: the reader
 * waits. Each subscriber buffers at most {@link Builder#eventBuffer} events; beyond that its
 * events are dropped and counted ({@link LiveCounters#eventsDropped}).
 *
 * <p><b>Drops.</b> When a source fails while reading (or a network stream ends), the session emits
 * {@link LiveStatus.State#DISCONNECTED}, then up to {@link Reconnect#attempts()} times
 * {@link LiveStatus.State#RECONNECTING} and, on success, {@link LiveStatus.State#RECONNECTED}; when
 * all fail it ends with {@link LiveStatus.State#ERROR} and {@link #failure()} (subscribers get
 * {@code onError} with the {@link LiveSourceException}). Stream time keeps running across a
 * reconnect (the gap is counted in wall-clock time).
 *
 * <p>Thread-safe. {@link #close()} stops reading, joins the threads (a blocked network read
 * ends within the source's timeout), releases the source and is idempotent; it does not close the
 * recognizer, which the caller owns.
 */
public final class LiveSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final long JOIN_WORKER_MS = 30_000;
    private static final long ERROR_DRAIN_MS = 1_000;

    private final EmotionRecognizer recognizer;
    private final LiveSource source;
    private final double fps;
    private final double window;
    private final Reconnect reconnect;
    private final SpeechSegmenter segmenter;
    private final boolean wantVideo;
    private final boolean wantAudio;
    private final SubmissionPublisher<LiveEvent> publisher;
    private final ExecutorService ownedDelivery;
    private final String name;
    private final BoundedQueue<Captured.Frame> frames;
    private final BoundedQueue<Captured.Audio> audio;
    private final Object emitLock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closeCalled = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    private final AtomicLong videoFrames = new AtomicLong();
    private final AtomicLong framesSampled = new AtomicLong();
    private final AtomicLong framesAnalysed = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesWithoutFace = new AtomicLong();
    private final AtomicLong audioSamples = new AtomicLong();
    private final AtomicLong audioSamplesDropped = new AtomicLong();
    private final AtomicLong speechSegments = new AtomicLong();
    private final AtomicLong eventsDropped = new AtomicLong();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicBoolean analysisWarned = new AtomicBoolean();

    private volatile boolean closing;
    /** A thread failed unexpectedly: the others stop and the session ends with ERROR. */
    private volatile boolean aborted;
    private volatile Capture current;
    private volatile LiveSourceException failure;
    private volatile double lastStreamTime;
    private volatile LiveStatus.State terminal;
    private WindowFuser fuser;
    private volatile Thread deliveryThread;

    // stream-time rebasing of the current connection (reader thread only)
    private double connectionBase = Double.NaN;
    private double connectionOffset;
    private long lastItemNanos;

    private LiveSession(Builder b) {
        this.recognizer = b.recognizer;
        this.source = b.source;
        this.fps = b.fps;
        this.window = b.window.toNanos() / 1e9;
        this.reconnect = b.reconnect != null ? b.reconnect : source.network() ? Reconnect.defaults() : Reconnect.never();
        this.segmenter = new SpeechSegmenter(b.vad != null ? b.vad : new EnergyVad(),
                b.segmentation != null ? b.segmentation : SpeechSegmenter.Config.defaults());
        this.wantVideo = recognizer.modalities().contains(Modality.VISION);
        this.wantAudio = recognizer.modalities().contains(Modality.AUDIO);
        this.name = "emotion4j-live-" + SESSIONS.incrementAndGet();
        Executor delivery = b.executor;
        if (delivery == null) {
            ownedDelivery = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name + "-events");
                t.setDaemon(true);
                deliveryThread = t;
                return t;
            });
            delivery = ownedDelivery;
        } else {
            ownedDelivery = null;
        }
        this.publisher = new SubmissionPublisher<>(delivery, b.eventBuffer);
        this.frames = new BoundedQueue<>(b.frameQueue, f -> 1);
        this.audio = new BoundedQueue<>(Math.max(1, b.audioQueue.toMillis() * AudioStream.SAMPLE_RATE / 1000),
                a -> a.samples().length);
        for (Consumer<? super LiveEvent> l : b.listeners) {
            publisher.subscribe(new ListenerSubscriber(l));
        }
        for (Flow.Subscriber<? super LiveEvent> s : b.subscribers) {
            publisher.subscribe(s);
        }
    }

    /** A builder for a session reading with {@code recognizer} (which the caller keeps owning and closing). */
    public static Builder builder(EmotionRecognizer recognizer) {
        return new Builder(recognizer);
    }

    /**
     * Opens the source and starts reading. The first opening happens on the calling thread, so a
     * missing camera, an absent microphone or a refused URL fails here.
     *
     * @return this session
     * @throws LiveSourceException   when the source cannot be opened or offers nothing the recognizer reads
     * @throws IllegalStateException when the session was started or closed before
     */
    public LiveSession start() throws LiveSourceException {
        if (closeCalled.get()) {
            throw new IllegalStateException("live session is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("live session already started");
        }
        Capture first;
        try {
            first = Capture.open(source, fps, wantVideo, wantAudio, videoFrames);
        } catch (LiveSourceException e) {
            failure = e;
            terminal = LiveStatus.State.ERROR;
            publisher.closeExceptionally(e);
            shutdownDelivery();
            done.countDown();
            throw e;
        }
        current = first;
        boolean video = first.hasVideo();
        boolean sound = first.hasAudio();
        if (window > 0) {
            fuser = new WindowFuser(window, recognizer.fusion(), video);
        }
        status(LiveStatus.State.CONNECTED, "connected to " + source.describe() + " (" + (video ? "video" : "")
                + (video && sound ? " + " : "") + (sound ? "audio" : "") + ")", 0, null);
        List<Thread> ts = new ArrayList<>();
        ts.add(thread("reader", () -> read(first)));
        if (video) {
            ts.add(thread("vision", this::analyseFrames));
        } else {
            frames.end();
        }
        if (sound) {
            ts.add(thread("speech", this::analyseSpeech));
        } else {
            audio.end();
        }
        running.set(ts.size());
        synchronized (threads) {
            threads.addAll(ts);
        }
        ts.forEach(Thread::start);
        return this;
    }

    private Thread thread(String role, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{} thread of {} failed", role, source.describe(), e);
                if (failure == null) {
                    failure = new LiveSourceException(source.describe(), role + " failed: " + e, e);
                }
                aborted = true;
                Capture c = current;
                if (c != null) {
                    c.interrupt();
                }
                frames.close();
                audio.close();
            } finally {
                if (running.decrementAndGet() == 0) {
                    finish();
                }
            }
        }, name + "-" + role);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- reader

    private void read(Capture first) {
        Capture cap = first;
        try {
            while (!closing && !aborted && cap != null) {
                Captured c;
                try {
                    c = cap.next();
                } catch (InterruptedException e) {
                    break;
                } catch (IOException e) {
                    if (closing) {
                        break;
                    }
                    cap.close();
                    cap = reopen(e);
                    continue;
                }
                if (c == null) {
                    if (closing) {
                        break;
                    }
                    if (source.network() && reconnect.attempts() > 0) {
                        cap.close();
                        cap = reopen(new LiveSourceException(source.describe(), "the stream ended"));
                        continue;
                    }
                    break;
                }
                if (!dispatch(rebase(c))) {
                    break;
                }
            }
        } finally {
            if (cap != null) {
                cap.close();
            }
            current = null;
            if (closing || aborted) {
                frames.close();
                audio.close();
            } else {
                frames.end();
                audio.end();
            }
        }
    }

    private Captured rebase(Captured c) {
        long now = System.nanoTime();
        if (Double.isNaN(connectionBase)) {
            connectionBase = c.time();
            connectionOffset = lastItemNanos == 0 ? 0 : lastStreamTime + (now - lastItemNanos) / 1e9;
        }
        lastItemNanos = now;
        double t = Math.max(connectionOffset, connectionOffset + c.time() - connectionBase);
        if (t > lastStreamTime) {
            lastStreamTime = t;
        }
        return c.at(t);
    }

    /** Queues one item; false when the session is closing. */
    private boolean dispatch(Captured c) {
        boolean live = source.realTime();
        try {
            if (c instanceof Captured.Frame f) {
                framesSampled.incrementAndGet();
                if (live) {
                    framesDropped.addAndGet(frames.offerDroppingOldest(f).size());
                } else if (!frames.put(f)) {
                    return false;
                }
            } else if (c instanceof Captured.Audio a) {
                audioSamples.addAndGet(a.samples().length);
                if (live) {
                    for (Captured.Audio d : audio.offerDroppingOldest(a)) {
                        audioSamplesDropped.addAndGet(d.samples().length);
                    }
                } else if (!audio.put(a)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            return false;
        }
        return !closing && !aborted;
    }

    /** Reopens after a drop; null when the attempts are used up (then {@link #failure} is set) or the session closes. */
    private Capture reopen(IOException cause) {
        String why = cause.getMessage();
        status(LiveStatus.State.DISCONNECTED, source.describe() + " dropped: " + why, 0, cause);
        if (reconnect.attempts() == 0) {
            failure = new LiveSourceException(source.describe(), "the stream dropped (" + why + ") and reconnecting is off", cause);
            return null;
        }
        LiveSourceException last = null;
        for (int n = 1; n <= reconnect.attempts() && !closing; n++) {
            Duration d = reconnect.delay(n);
            status(LiveStatus.State.RECONNECTING, "reconnect attempt " + n + " of " + reconnect.attempts() + " to "
                    + source.describe() + " in " + d.toMillis() + " ms", n, null);
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                return null;
            }
            if (closing) {
                return null;
            }
            try {
                Capture c = Capture.open(source, fps, wantVideo, wantAudio, videoFrames);
                current = c;
                connectionBase = Double.NaN;
                reconnects.incrementAndGet();
                status(LiveStatus.State.RECONNECTED, "reconnected to " + source.describe() + " at attempt " + n, n, null);
                return c;
            } catch (LiveSourceException e) {
                last = e;
                LOG.debug("reconnect attempt {} to {} failed: {}", n, source.describe(), e.getMessage());
            }
        }
        if (!closing) {
            failure = new LiveSourceException(source.describe(), "the stream dropped (" + why + ") and "
                    + reconnect.attempts() + " reconnect attempt(s) failed"
                    + (last != null ? "; last: " + last.getMessage() : ""), cause);
        }
        return null;
    }

    // ---------------------------------------------------------------- analysis

    private void analyseFrames() {
        double step = fps > 0 ? 1.0 / fps : 0.04;
        while (!closing) {
            Captured.Frame f;
            try {
                f = frames.take();
            } catch (InterruptedException e) {
                return;
            }
            if (f == null || closing) {
                return;
            }
            Optional<EmotionPrediction> p = predict(MediaInput.ofImage(f.image()));
            if (p.isEmpty()) {
                continue;
            }
            framesAnalysed.incrementAndGet();
            Optional<EmotionDistribution> d = p.get().modality(Modality.VISION).flatMap(ModalityResult::distribution);
            List<WindowFuser.Fused> fused = fuser == null ? List.of()
                    : fuser.face(f.time(), d.orElse(null), f.capturedAt());
            emitFused(fused);
            if (d.isEmpty()) {
                framesWithoutFace.incrementAndGet();
                continue;
            }
            Segment s = Segment.of(Modality.VISION, new TimeSpan(f.time(), f.time() + step), d.get(), "face");
            emit(new LiveSegment(LiveSegment.Kind.FACE, s, p, Optional.empty(), f.time(), f.capturedAt(),
                    Instant.now(), counters()));
        }
    }

    private void analyseSpeech() {
        QueueAudioStream stream = new QueueAudioStream(audio, source.describe());
        try {
            segmenter.run(stream, seg -> onSpeech(seg, stream));
        } catch (IOException e) {
            LOG.warn("speech segmentation of {} failed: {}", source.describe(), e.getMessage());
        }
    }

    private void onSpeech(SpeechSegment seg, QueueAudioStream stream) {
        if (closing) {
            return;
        }
        speechSegments.incrementAndGet();
        double start = stream.timeOf(seg.startSample());
        TimeSpan span = new TimeSpan(start, start + seg.seconds());
        Instant captured = stream.lastCapturedAt();
        Optional<EmotionPrediction> p = predict(MediaInput.ofAudio(seg.samples(), AudioStream.SAMPLE_RATE));
        Optional<EmotionDistribution> d = p.flatMap(x -> x.modality(Modality.AUDIO)).flatMap(ModalityResult::distribution);
        if (d.isEmpty()) {
            return;
        }
        Segment s = Segment.of(Modality.AUDIO, span, d.get(), "speech");
        emit(new LiveSegment(LiveSegment.Kind.SPEECH, s, p, Optional.empty(), span.end(), captured, Instant.now(),
                counters()));
        if (fuser != null) {
            emitFused(fuser.speech(span, d.get(), captured));
        }
    }

    private Optional<EmotionPrediction> predict(MediaInput in) {
        try {
            return Optional.of(recognizer.predict(in));
        } catch (IOException | RuntimeException e) {
            if (analysisWarned.compareAndSet(false, true)) {
                LOG.warn("analysis of live input from {} failed (further failures at debug level): {}", source.describe(),
                        e.toString());
            } else {
                LOG.debug("analysis failed: {}", e.toString());
            }
            return Optional.empty();
        }
    }

    private void emitFused(List<WindowFuser.Fused> fused) {
        for (WindowFuser.Fused w : fused) {
            emit(new LiveSegment(LiveSegment.Kind.FUSED, w.segment(), Optional.empty(), Optional.of(w.fusion()),
                    w.streamTime(), w.capturedAt(), Instant.now(), counters()));
        }
    }

    // ---------------------------------------------------------------- events and lifecycle

    private void status(LiveStatus.State state, String message, int attempt, Throwable error) {
        if (state == LiveStatus.State.DISCONNECTED || state == LiveStatus.State.ERROR) {
            LOG.warn("{}", message);
        } else {
            LOG.info("{}", message);
        }
        emit(new LiveStatus(state, message, attempt, Optional.ofNullable(error), lastStreamTime, Instant.now(), counters()));
    }

    private void emit(LiveEvent e) {
        synchronized (emitLock) {
            if (publisher.isClosed()) {
                return;
            }
            publisher.offer(e, (s, item) -> {
                eventsDropped.incrementAndGet();
                return false;
            });
        }
    }

    /** Called once, by the last thread out. */
    private void finish() {
        try {
            if (!closing && fuser != null) {
                emitFused(fuser.flush(Instant.now()));
            }
            LiveSourceException f = failure;
            LiveStatus.State s = closing ? LiveStatus.State.STOPPED : f != null ? LiveStatus.State.ERROR : LiveStatus.State.ENDED;
            terminal = s;
            String msg = switch (s) {
                case STOPPED -> "stopped reading " + source.describe();
                case ERROR -> f.getMessage();
                default -> source.describe() + " ended";
            };
            status(s, msg, 0, s == LiveStatus.State.ERROR ? f : null);
            if (s == LiveStatus.State.ERROR) {
                // closeExceptionally signals onError at once, discarding what subscribers have not taken
                // yet: give them a moment to take the last events, the ERROR status among them
                awaitDelivery(ERROR_DRAIN_MS);
            }
            synchronized (emitLock) {
                if (s == LiveStatus.State.ERROR) {
                    publisher.closeExceptionally(f);
                } else {
                    publisher.close();
                }
            }
        } finally {
            done.countDown();
            shutdownDelivery();
        }
    }

    /** Waits (bounded) until every subscriber has taken what was published. */
    private void awaitDelivery(long maxMs) {
        long end = System.nanoTime() + maxMs * 1_000_000;
        while (publisher.estimateMaximumLag() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void shutdownDelivery() {
        if (ownedDelivery != null) {
            ownedDelivery.shutdown();
        }
    }

    /** The counters now. */
    public LiveCounters counters() {
        return new LiveCounters(videoFrames.get(), framesSampled.get(), framesAnalysed.get(), framesDropped.get(),
                framesWithoutFace.get(), audioSamples.get() / (double) AudioStream.SAMPLE_RATE,
                audioSamplesDropped.get() / (double) AudioStream.SAMPLE_RATE, speechSegments.get(), eventsDropped.get(),
                reconnects.get());
    }

    /**
     * The events as a hot {@link Flow.Publisher}: a subscriber gets the events decided after it
     * subscribed (subscribe before {@link #start()}, or with {@link Builder#subscriber}, to miss
     * none), then {@code onComplete} when the session ends or stops, or {@code onError} with the
     * {@link LiveSourceException} when the source failed for good.
     */
    public Flow.Publisher<LiveEvent> publisher() {
        return publisher::subscribe;
    }

    /** The source. */
    public LiveSource source() {
        return source;
    }

    /** Whether the session was started and has not ended yet. */
    public boolean isRunning() {
        return started.get() && done.getCount() > 0;
    }

    /** The terminal state once the session is over (ENDED, STOPPED or ERROR). */
    public Optional<LiveStatus.State> terminalState() {
        return Optional.ofNullable(terminal);
    }

    /** Why the session failed, when it ended with {@link LiveStatus.State#ERROR}. */
    public Optional<LiveSourceException> failure() {
        return terminal == LiveStatus.State.ERROR ? Optional.ofNullable(failure) : Optional.empty();
    }

    /**
     * Waits until the source has ended (and everything read was analysed), failed, or the session
     * was closed, and — with the session's own delivery thread — until every event decided by then,
     * the final status among them, has been handed to the listeners and subscribers.
     *
     * @return true when the session is over (and its events delivered), false on timeout
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        long start = System.nanoTime();
        if (!done.await(nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        return awaitOwnedDelivery(Math.max(0, nanos - (System.nanoTime() - start)));
    }

    /**
     * Waits (bounded) for the session's own delivery thread to hand out what was published; it is shut
     * down when the session finishes. True at once with a caller's executor or on the delivery thread.
     */
    private boolean awaitOwnedDelivery(long nanos) throws InterruptedException {
        if (ownedDelivery == null || Thread.currentThread() == deliveryThread) {
            return true;
        }
        return ownedDelivery.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops reading, discards what is queued, joins the reader and analysis threads (the one in a
     * recognizer call finishes that call; a network read blocked on a silent server ends within the
     * source's timeout), releases the source and completes the publisher with a
     * {@link LiveStatus.State#STOPPED} event. Idempotent; safe from a listener.
     */
    @Override
    public void close() {
        if (!closeCalled.compareAndSet(false, true)) {
            return;
        }
        if (!started.get()) {
            closing = true;
            synchronized (emitLock) {
                publisher.close();
            }
            shutdownDelivery();
            return;
        }
        if (done.getCount() == 0) {
            // over already: let the delivery thread hand out the last events (the final status) first
            try {
                awaitOwnedDelivery(TimeUnit.SECONDS.toNanos(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        closing = true;
        Capture c = current;
        if (c != null) {
            c.interrupt();
        }
        frames.close();
        audio.close();
        List<Thread> ts;
        synchronized (threads) {
            ts = new ArrayList<>(threads);
        }
        long readerMs = source.timeout().toMillis() + 5_000;
        for (Thread t : ts) {
            if (t == Thread.currentThread()) {
                continue;
            }
            if (t.getName().endsWith("-reader")) {
                t.interrupt();
            }
            try {
                t.join(t.getName().endsWith("-reader") ? readerMs : JOIN_WORKER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("{} did not stop in time; it ends on its own and releases the source", t.getName());
            }
        }
        if (ownedDelivery != null && Thread.currentThread() != deliveryThread) {
            try {
                ownedDelivery.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "LiveSession[" + source.describe() + ", fps " + fps + (isRunning() ? ", running" : "") + "]";
    }

    /** Passes every event to a listener; a listener that throws is logged, not unsubscribed. */
    private static final class ListenerSubscriber implements Flow.Subscriber<LiveEvent> {
        private final Consumer<? super LiveEvent> listener;

        ListenerSubscriber(Consumer<? super LiveEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LiveEvent item) {
            try {
                listener.accept(item);
            } catch (RuntimeException e) {
                LOG.warn("a live listener failed on {}: {}", item.getClass().getSimpleName(), e.toString());
            }
        }

        @Override
        public void onError(Throwable t) {
            // the ERROR status event came first
        }

        @Override
        public void onComplete() {
            // the terminal status event came first
        }
    }

    /**
     * Configures a {@link LiveSession}. Each option may be set once (listeners and subscribers may
     * be added many times); {@link #build()} checks the combination. Not thread-safe.
     */
    public static final class Builder {
        private final EmotionRecognizer recognizer;
        private LiveSource source;
        private double fps = 4;
        private boolean fpsSet;
        private Duration window = Duration.ofSeconds(2);
        private boolean windowSet;
        private Reconnect reconnect;
        private int frameQueue = 1;
        private boolean frameQueueSet;
        private Duration audioQueue = Duration.ofSeconds(10);
        private boolean audioQueueSet;
        private int eventBuffer = 256;
        private boolean eventBufferSet;
        private VoiceActivityDetector vad;
        private SpeechSegmenter.Config segmentation;
        private Executor executor;
        private final List<Consumer<? super LiveEvent>> listeners = new ArrayList<>();
        private final List<Flow.Subscriber<? super LiveEvent>> subscribers = new ArrayList<>();

        private Builder(EmotionRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        }

        private static void once(boolean set, String what) {
            if (set) {
                throw new IllegalStateException(what + " already set");
            }
        }

        /** The source (required). */
        public Builder source(LiveSource s) {
            once(source != null, "source");
            source = Objects.requireNonNull(s, "source");
            return this;
        }

        /** Video frames analysed per second (default 4; {@code <= 0}: every frame). */
        public Builder fps(double f) {
            once(fpsSet, "fps");
            if (!Double.isFinite(f)) {
                throw new IllegalArgumentException("fps must be finite, was " + f);
            }
            fps = f;
            fpsSet = true;
            return this;
        }

        /** Length of the fused windows (default 2 s; {@link Duration#ZERO}: no fused windows). */
        public Builder window(Duration w) {
            once(windowSet, "window");
            Objects.requireNonNull(w, "window");
            if (w.isNegative()) {
                throw new IllegalArgumentException("window must be >= 0, was " + w);
            }
            window = w;
            windowSet = true;
            return this;
        }

        /** What to do when the source drops (default: {@link Reconnect#defaults()} for URLs, {@link Reconnect#never()} otherwise). */
        public Builder reconnect(Reconnect r) {
            once(reconnect != null, "reconnect");
            reconnect = Objects.requireNonNull(r, "reconnect");
            return this;
        }

        /** Sampled frames that may wait for the vision analysis (default 1: a frame waits for at most one analysis); more are dropped, oldest first. */
        public Builder frameQueue(int n) {
            once(frameQueueSet, "frameQueue");
            if (n < 1) {
                throw new IllegalArgumentException("frameQueue must be >= 1, was " + n);
            }
            frameQueue = n;
            frameQueueSet = true;
            return this;
        }

        /** Audio that may wait for the speech analysis (default 10 s); more is dropped, oldest first. */
        public Builder audioQueue(Duration d) {
            once(audioQueueSet, "audioQueue");
            Objects.requireNonNull(d, "audioQueue");
            if (d.toMillis() < 100) {
                throw new IllegalArgumentException("audioQueue must be >= 100 ms, was " + d);
            }
            audioQueue = d;
            audioQueueSet = true;
            return this;
        }

        /** Events buffered per subscriber or listener (default 256); beyond that they are dropped and counted. */
        public Builder eventBuffer(int n) {
            once(eventBufferSet, "eventBuffer");
            if (n < 1) {
                throw new IllegalArgumentException("eventBuffer must be >= 1, was " + n);
            }
            eventBuffer = n;
            eventBufferSet = true;
            return this;
        }

        /** The voice activity detector that cuts speech segments (default {@link EnergyVad}). */
        public Builder vad(VoiceActivityDetector v) {
            once(vad != null, "vad");
            vad = Objects.requireNonNull(v, "vad");
            return this;
        }

        /** Speech segmentation settings (default {@link SpeechSegmenter.Config#defaults()}: a segment ends after 0.5 s of silence). */
        public Builder segmentation(SpeechSegmenter.Config c) {
            once(segmentation != null, "segmentation");
            segmentation = Objects.requireNonNull(c, "segmentation");
            return this;
        }

        /** Where listeners and subscribers are called (default: one daemon thread the session owns). Never shut down by the session. */
        public Builder executor(Executor e) {
            once(executor != null, "executor");
            executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /** Receives every event. Repeatable. */
        public Builder onEvent(Consumer<? super LiveEvent> l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Receives every segment (face, speech, fused). Repeatable. */
        public Builder onSegment(Consumer<? super LiveSegment> l) {
            Objects.requireNonNull(l, "listener");
            listeners.add(e -> {
                if (e instanceof LiveSegment s) {
                    l.accept(s);
                }
            });
            return this;
        }

        /** Receives every status change. Repeatable. */
        public Builder onStatus(Consumer<? super LiveStatus> l) {
            Objects.requireNonNull(l, "listener");
            listeners.add(e -> {
                if (e instanceof LiveStatus s) {
                    l.accept(s);
                }
            });
            return this;
        }

        /** Subscribes before the start, so it misses no event. Repeatable. */
        public Builder subscriber(Flow.Subscriber<? super LiveEvent> s) {
            subscribers.add(Objects.requireNonNull(s, "subscriber"));
            return this;
        }

        /**
         * Builds a session that has not started.
         *
         * @throws IllegalStateException when no source is set, or the recognizer reads neither faces nor speech
         */
        public LiveSession build() {
            if (source == null) {
                throw new IllegalStateException("no source: call source(LiveSource.camera(0) | microphone() | url(...) | file(...))");
            }
            if (!recognizer.modalities().contains(Modality.VISION) && !recognizer.modalities().contains(Modality.AUDIO)) {
                throw new IllegalStateException("the recognizer reads " + recognizer.modalities()
                        + "; a live session needs vision (emotion-vision) or audio (emotion-audio)");
            }
            return new LiveSession(this);
        }

        /** {@link #build()}, then {@link LiveSession#start()}. */
        public LiveSession start() throws LiveSourceException {
            return build().start();
        }
    }
}
