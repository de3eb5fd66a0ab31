package io.github.emotion4j.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sources without hardware: the demo clip served over HTTP from 127.0.0.1 at real-time pace
 * (with the plug pulled, the server stopped, the server stalled), the clip as a file at real-time
 * pace and as fast as possible, and the clear errors of absent devices. Latencies are measured and
 * printed, never asserted; waits have generous hang guards only.
 */
class LiveSessionTest {
    /** The demo clip's length. */
    private static final double DEMO_SECONDS = 10.4;
    /** Hang guard for a whole session. */
    private static final Duration GUARD = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;

    private static EmotionRecognizer recognizer;

    @BeforeAll
    static void recognizer() throws ModelLoadException {
        recognizer = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION, Modality.AUDIO).build();
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    /** Collects every event and the publisher's end. */
    static final class Events implements Flow.Subscriber<LiveEvent> {
        final List<LiveEvent> all = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LiveEvent item) {
            all.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            ended.countDown();
        }

        @Override
        public void onComplete() {
            completed = true;
            ended.countDown();
        }

        List<LiveSegment> segments(LiveSegment.Kind kind) {
            List<LiveSegment> out = new ArrayList<>();
            for (LiveEvent e : all) {
                if (e instanceof LiveSegment s && s.kind() == kind) {
                    out.add(s);
                }
            }
            return out;
        }

        List<LiveStatus.State> states() {
            List<LiveStatus.State> out = new ArrayList<>();
            for (LiveEvent e : all) {
                if (e instanceof LiveStatus s) {
                    out.add(s.state());
                }
            }
            return out;
        }

        LiveEvent last() {
            return all.get(all.size() - 1);
        }

        boolean await() throws InterruptedException {
            return ended.await(GUARD.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Prints p50 and max of the latencies from capture to decision. */
    static void printLatency(String what, List<LiveSegment> segments) {
        if (segments.isEmpty()) {
            System.out.println(what + ": no segments");
            return;
        }
        List<Long> ms = new ArrayList<>();
        segments.forEach(s -> ms.add(s.latency().toMillis()));
        Collections.sort(ms);
        System.out.printf(Locale.ROOT, "%s: %d segments, latency from capture to event p50 %d ms, max %d ms%n", what,
                ms.size(), ms.get(ms.size() / 2), ms.get(ms.size() - 1));
    }

    @Test
    void httpStreamReconnectsAfterThePlugIsPulledThenFailsClearly() throws Exception {
        Path ts = TestStreams.demoTs(tmp);
        long size = Files.size(ts);
        long cutAt = size * 45 / 100 / 188 * 188;
        // request 0: the first 45 %; request 1: the rest (the live stream went on meanwhile); later: 404
        try (TestStreams.PacedServer server = new TestStreams.PacedServer(ts, DEMO_SECONDS,
                n -> n == 0 ? new long[] {0, cutAt} : n == 1 ? new long[] {cutAt, Long.MAX_VALUE} : null)) {
            Events events = new Events();
            LiveSession live = LiveSession.builder(recognizer)
                    .source(LiveSource.url(server.uri()).withTimeout(Duration.ofSeconds(3)))
                    .fps(4)
                    .reconnect(Reconnect.attempts(2, Duration.ofMillis(200)))
                    .subscriber(events)
                    .start();
            try {
                assertTrue(events.await(), "the session ends by itself once the server answers 404");
            } finally {
                live.close();
            }
            List<LiveStatus.State> states = events.states();
            System.out.println("http states: " + states + "; " + live.counters());
            assertEquals(LiveStatus.State.CONNECTED, states.get(0));
            int disconnected = states.indexOf(LiveStatus.State.DISCONNECTED);
            int reconnected = states.indexOf(LiveStatus.State.RECONNECTED);
            assertTrue(disconnected > 0 && reconnected > disconnected, "dropped, then reconnected: " + states);
            assertTrue(states.subList(disconnected, reconnected).contains(LiveStatus.State.RECONNECTING), states.toString());
            assertEquals(LiveStatus.State.ERROR, states.get(states.size() - 1), "the 404 after the end fails for good");
            LiveStatus last = (LiveStatus) events.last();
            assertTrue(last.message().contains("2 reconnect attempt(s) failed"), last.message());
            assertTrue(last.message().contains(server.uri().toString()), last.message());
            assertInstanceOf(LiveSourceException.class, events.error.get(), "subscribers get onError");
            assertTrue(live.failure().isPresent());
            assertEquals(LiveStatus.State.ERROR, live.terminalState().orElseThrow());

            List<LiveSegment> faces = events.segments(LiveSegment.Kind.FACE);
            printLatency("http faces", faces);
            printLatency("http speech", events.segments(LiveSegment.Kind.SPEECH));
            printLatency("http fused", events.segments(LiveSegment.Kind.FUSED));
            int reconnectIndex = indexOfState(events.all, LiveStatus.State.RECONNECTED);
            long before = events.all.subList(0, reconnectIndex).stream().filter(e -> e instanceof LiveSegment s
                    && s.kind() == LiveSegment.Kind.FACE).count();
            long after = faces.size() - before;
            assertTrue(before > 0 && after > 0, "faces before (" + before + ") and after (" + after + ") the reconnect");
            double lastBefore = ((LiveStatus) events.all.get(reconnectIndex)).streamTime();
            for (LiveSegment f : faces.subList((int) before, faces.size())) {
                assertTrue(f.streamTime() >= lastBefore, "stream time runs on across the reconnect");
            }
            LiveCounters c = live.counters();
            assertEquals(1, c.reconnects());
            assertEquals(c.framesSampled(), c.framesAnalysed() + c.framesDropped(),
                    "every sampled frame was analysed or dropped (and counted): " + c);
            assertTrue(c.audioSeconds() > 2, c.toString());
            for (LiveSegment f : faces) {
                assertFalse(f.latency().isNegative());
                assertTrue(f.segment().distribution().top().probability() > 0);
            }
        }
    }

    @Test
    void stoppingTheServerGivesAClearErrorAndCloseReturns() throws Exception {
        Path ts = TestStreams.demoTs(tmp);
        TestStreams.PacedServer server = TestStreams.PacedServer.whole(ts, DEMO_SECONDS);
        Events events = new Events();
        CountDownLatch firstFace = new CountDownLatch(1);
        LiveSession live = LiveSession.builder(recognizer)
                .source(LiveSource.url(server.uri()).withTimeout(Duration.ofSeconds(2)))
                .reconnect(Reconnect.attempts(2, Duration.ofMillis(100)))
                .subscriber(events)
                .onSegment(s -> firstFace.countDown())
                .start();
        try {
            assertTrue(firstFace.await(GUARD.toSeconds(), TimeUnit.SECONDS), "a first segment arrives");
            server.stop();
            assertTrue(events.await(), "the session ends after the failed reconnects");
        } finally {
            long t0 = System.nanoTime();
            live.close();
            System.out.printf(Locale.ROOT, "close() after the error took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            live.close();
        }
        List<LiveStatus.State> states = events.states();
        System.out.println("server stopped: " + states);
        assertTrue(states.contains(LiveStatus.State.DISCONNECTED), states.toString());
        assertEquals(2, Collections.frequency(states, LiveStatus.State.RECONNECTING), states.toString());
        assertEquals(LiveStatus.State.ERROR, states.get(states.size() - 1));
        String message = live.failure().orElseThrow().getMessage();
        assertTrue(message.contains("stream " + server.uri()) && message.contains("reconnect attempt(s) failed"), message);
    }

    @Test
    void closeWhileTheServerStallsReturnsWithinTheTimeout() throws Exception {
        Path ts = TestStreams.demoTs(tmp);
        try (TestStreams.PacedServer server = TestStreams.PacedServer.whole(ts, DEMO_SECONDS)) {
            Events events = new Events();
            CountDownLatch firstFace = new CountDownLatch(1);
            LiveSession live = LiveSession.builder(recognizer)
                    .source(LiveSource.url(server.uri()).withTimeout(Duration.ofSeconds(1)))
                    .subscriber(events)
                    .onSegment(s -> firstFace.countDown())
                    .start();
            assertTrue(firstFace.await(GUARD.toSeconds(), TimeUnit.SECONDS), "a first segment arrives");
            server.stall();
            Thread.sleep(300);
            long t0 = System.nanoTime();
            live.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(Locale.ROOT, "close() with a stalled server took %d ms (read timeout 1000 ms)%n", ms);
            assertTrue(events.await());
            assertTrue(events.completed, "subscribers complete on close");
            assertEquals(LiveStatus.State.STOPPED, ((LiveStatus) events.last()).state());
            assertFalse(live.isRunning());
            assertTrue(ms < GUARD.toMillis(), "hang guard");
        }
    }

    @Test
    void fileAtRealTimePaceGivesFacesSpeechAndFusedWindows() throws Exception {
        Events events = new Events();
        long t0 = System.nanoTime();
        try (LiveSession live = LiveSession.builder(recognizer)
                .source(LiveSource.file(TestStreams.demo(), true))
                .fps(4)
                .window(Duration.ofSeconds(2))
                .subscriber(events)
                .start()) {
            assertTrue(live.awaitTermination(GUARD));
            assertTrue(events.await());
            double wall = (System.nanoTime() - t0) / 1e9;
            LiveCounters c = live.counters();
            System.out.printf(Locale.ROOT, "real-time file: %.1f s of media took %.1f s; %s%n", DEMO_SECONDS, wall, c);
            assertEquals(LiveStatus.State.ENDED, live.terminalState().orElseThrow());
            assertEquals(c.framesSampled(), c.framesAnalysed() + c.framesDropped(), c.toString());
        }
        List<LiveSegment> faces = events.segments(LiveSegment.Kind.FACE);
        List<LiveSegment> speech = events.segments(LiveSegment.Kind.SPEECH);
        List<LiveSegment> fused = events.segments(LiveSegment.Kind.FUSED);
        printLatency("real-time file faces", faces);
        printLatency("real-time file speech", speech);
        printLatency("real-time file fused", fused);
        assertTrue(faces.size() >= 5, "faces: " + faces.size());
        assertFalse(speech.isEmpty(), "speech segments are decided after each voice-activity end");
        assertFalse(fused.isEmpty());
        assertTrue(events.completed);
        for (LiveSegment s : speech) {
            assertTrue(s.segment().span().duration() > 0.2 && s.segment().span().end() <= DEMO_SECONDS + 1, s.segment().span().toString());
            assertTrue(s.segment().modalities().containsKey(Modality.AUDIO));
        }
        assertTrue(fused.stream().anyMatch(f -> f.segment().modalities().size() == 2), "a window fuses face and speech");
        double previous = -1;
        for (LiveSegment f : faces) {
            assertTrue(f.streamTime() >= previous, "faces come in stream order");
            previous = f.streamTime();
        }
    }

    @Test
    void fileAsFastAsPossibleDropsNothing() throws Exception {
        Events events = new Events();
        try (LiveSession live = LiveSession.builder(recognizer)
                .source(LiveSource.file(TestStreams.demo(), false))
                .fps(2)
                .frameQueue(1)
                .subscriber(events)
                .start()) {
            assertTrue(live.awaitTermination(GUARD));
            LiveCounters c = live.counters();
            System.out.println("fast file: " + c);
            assertEquals(0, c.framesDropped());
            assertEquals(0.0, c.audioSecondsDropped());
            assertEquals(c.framesSampled(), c.framesAnalysed());
            assertTrue(c.framesSampled() >= 18 && c.framesSampled() <= 23, "10.4 s at 2 fps: " + c.framesSampled());
            assertTrue(Math.abs(c.audioSeconds() - DEMO_SECONDS) < 0.5, c.toString());
        }
        assertTrue(events.await());
        assertTrue(events.segments(LiveSegment.Kind.SPEECH).size() >= 2, "the demo has three sentences");
    }

    @Test
    void awaitTerminationReturnsOnceASlowListenerHasTheFinalStatus() throws Exception {
        // the analysis ends long before a listener that takes 20 ms per event has seen everything: awaitTermination
        // (and close) must wait for the session's delivery thread, so that a caller who prints and exits after it
        // (the CLI's `live --jsonl`) does not lose the last events, the ENDED status among them
        List<LiveEvent> got = new CopyOnWriteArrayList<>();
        try (LiveSession live = LiveSession.builder(recognizer)
                .source(LiveSource.file(TestStreams.demo(), false))
                .fps(2)
                .onEvent(e -> {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    got.add(e);
                })
                .start()) {
            assertTrue(live.awaitTermination(GUARD));
            assertTrue(got.size() > 10, "events: " + got.size());
            LiveEvent last = got.get(got.size() - 1);
            assertTrue(last instanceof LiveStatus s && s.state() == LiveStatus.State.ENDED, "last event: "
                    + (last instanceof LiveSegment g ? "a " + g.kind() + " segment" : last.toString()));
            assertEquals(0, live.counters().eventsDropped());
        }
    }

    @Test
    void aStalledSubscriberLosesEventsNotMemory() throws Exception {
        Events all = new Events();
        List<LiveEvent> stalled = new CopyOnWriteArrayList<>();
        LiveSession live = LiveSession.builder(recognizer)
                .source(LiveSource.file(TestStreams.demo(), false))
                .fps(4)
                .eventBuffer(2)
                .subscriber(all)
                .build();
        live.publisher().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(LiveEvent item) {
                stalled.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        try (live) {
            live.start();
            assertTrue(live.awaitTermination(GUARD));
        }
        assertTrue(all.await());
        LiveCounters c = live.counters();
        System.out.println("stalled subscriber: " + c.eventsDropped() + " events dropped; the other subscriber got " + all.all.size());
        assertEquals(1, stalled.size(), "it asked for one");
        assertTrue(c.eventsDropped() > 0, c.toString());
        assertEquals(LiveStatus.State.ENDED, live.terminalState().orElseThrow());
    }

    @Test
    void absentCameraFailsClearly() {
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera is present");
        LiveSourceException e = assertThrows(LiveSourceException.class,
                () -> LiveSession.builder(recognizer).source(LiveSource.camera(0)).start());
        assertTrue(e.getMessage().contains("camera /dev/video0") && e.getMessage().contains("no such camera device"),
                e.getMessage());
    }

    @Test
    void absentMicrophoneFailsClearly() {
        assumeFalse(AudioSystem.isLineSupported(new DataLine.Info(TargetDataLine.class,
                new AudioFormat(16_000f, 16, 1, true, false))), "a microphone is present");
        List<LiveStatus> statuses = new CopyOnWriteArrayList<>();
        LiveSession session = LiveSession.builder(recognizer).source(LiveSource.microphone()).onStatus(statuses::add).build();
        LiveSourceException e = assertThrows(LiveSourceException.class, session::start);
        assertTrue(e.getMessage().startsWith("microphone: no microphone available"), e.getMessage());
        assertEquals(LiveStatus.State.ERROR, session.terminalState().orElseThrow());
        assertTrue(session.failure().isPresent());
        session.close();
    }

    @Test
    void refusedUrlFailsAtStart() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LiveSourceException e = assertThrows(LiveSourceException.class, () -> LiveSession.builder(recognizer)
                .source(LiveSource.url("http://127.0.0.1:" + port + "/none.ts").withTimeout(Duration.ofSeconds(2))).start());
        assertTrue(e.getMessage().contains("stream http://127.0.0.1:" + port) && e.getMessage().contains("cannot open"),
                e.getMessage());
    }

    @Test
    void missingFileFailsAtStart() {
        LiveSourceException e = assertThrows(LiveSourceException.class, () -> LiveSession.builder(recognizer)
                .source(LiveSource.file(tmp.resolve("absent.mp4"))).start());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void closeIsIdempotentAndAStartedSessionCannotStartAgain() throws Exception {
        LiveSession live = LiveSession.builder(recognizer).source(LiveSource.file(TestStreams.demo(), true)).start();
        assertThrows(IllegalStateException.class, live::start);
        live.close();
        live.close();
        assertTrue(live.awaitTermination(Duration.ofSeconds(5)));
        assertEquals(LiveStatus.State.STOPPED, live.terminalState().orElseThrow());
        LiveSession never = LiveSession.builder(recognizer).source(LiveSource.file(TestStreams.demo())).build();
        never.close();
        assertThrows(IllegalStateException.class, never::start);
    }

    private static int indexOfState(List<LiveEvent> all, LiveStatus.State state) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof LiveStatus s && s.state() == state) {
                return i;
            }
        }
        return -1;
    }
}
