package io.github.emotion4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.vision.TestMedia;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding ahead on a thread of its own: same frames, failures passed on, the thread always ends. */
class DecodeAheadTest {
    @TempDir
    Path dir;

    private Path video(int frames) throws IOException {
        return TestMedia.writeVideo(dir.resolve("v" + frames + ".mp4"), TestMedia.mp4(96, 64, 10, frames, 1));
    }

    private static boolean decodeThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(DecodeAhead.THREAD_NAME));
    }

    private static void awaitNoDecodeThread() throws InterruptedException {
        for (int i = 0; i < 100 && decodeThreadAlive(); i++) {
            Thread.sleep(20);
        }
        assertFalse(decodeThreadAlive(), "a decode-ahead thread is still alive");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void givesTheReadersFramesInOrderWithTheJobsResults(int capacity) throws Exception {
        Path f = video(23);
        List<byte[]> plain = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        try (VideoReader r = VideoReader.open(f, 0)) {
            for (Optional<VideoFrame> x = r.next(); x.isPresent(); x = r.next()) {
                plain.add(((DataBufferByte) x.get().image().getRaster().getDataBuffer()).getData().clone());
                times.add(x.get().timeSeconds());
            }
        }
        List<String> jobThreads = new ArrayList<>();
        int n = 0;
        try (DecodeAhead<Long> d = DecodeAhead.start(VideoReader.open(f, 0), capacity, fr -> {
            synchronized (jobThreads) {
                jobThreads.add(Thread.currentThread().getName());
            }
            return fr.index() * 10;
        })) {
            assertEquals(capacity > 0, d.threaded());
            assertEquals(96, d.info().width());
            for (Optional<DecodeAhead.Item<Long>> x = d.next(); x.isPresent(); x = d.next()) {
                VideoFrame fr = x.get().frame();
                assertEquals(n, fr.index());
                assertEquals(n * 10L, x.get().result());
                assertEquals(times.get(n), fr.timeSeconds());
                assertArrayEquals(plain.get(n), ((DataBufferByte) fr.image().getRaster().getDataBuffer()).getData());
                n++;
            }
            assertTrue(d.next().isEmpty(), "stays at the end");
            assertTrue(d.notes().isEmpty(), d.notes().toString());
        }
        assertEquals(plain.size(), n);
        String caller = Thread.currentThread().getName();
        assertTrue(jobThreads.stream().allMatch(t -> capacity > 0 ? t.startsWith(DecodeAhead.THREAD_NAME) : t.equals(caller)),
                jobThreads.toString());
        awaitNoDecodeThread();
    }

    @Test
    void closeInTheMiddleStopsTheThreadAndClosesTheReader() throws Exception {
        VideoReader r = VideoReader.open(video(40), 0);
        DecodeAhead<Integer> d = DecodeAhead.start(r, 2, fr -> 1);
        assertTrue(d.next().isPresent());
        Thread.sleep(50); // let it fill its queue and block
        assertTrue(decodeThreadAlive());
        d.close();
        d.close(); // idempotent
        assertFalse(decodeThreadAlive(), "close() returns after the thread ended");
        assertThrows(IllegalStateException.class, r::next, "the reader is closed");
        assertThrows(IllegalStateException.class, d::next);
    }

    @Test
    void aJobFailureIsRethrownAfterTheFramesBeforeIt() throws Exception {
        try (DecodeAhead<Integer> d = DecodeAhead.start(VideoReader.open(video(20), 0), 4, fr -> {
            if (fr.index() == 5) {
                throw new IllegalStateException("job failed on frame 5");
            }
            return (int) fr.index();
        })) {
            for (int i = 0; i < 5; i++) {
                assertEquals(i, d.next().orElseThrow().result());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, d::next);
            assertEquals("job failed on frame 5", e.getMessage());
            assertTrue(d.next().isEmpty());
        }
        awaitNoDecodeThread();
    }

    @Test
    void aDecodingFailureIsTheReadersTypedException() throws Exception {
        Path full = video(30);
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(full);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        // a cut MP4 either opens and ends early with a note, or fails: never a hang or a leaked thread
        try (DecodeAhead<Integer> d = DecodeAhead.start(VideoReader.open(cut, 0, true), 3, fr -> 0)) {
            IOException e = assertThrows(IOException.class, () -> {
                while (d.next().isPresent()) {
                    // drain
                }
            });
            assertInstanceOf(MediaDecodeException.class, e);
        } catch (MediaDecodeException e) {
            // refused at open: fine too
        }
        awaitNoDecodeThread();
    }

    @Test
    void anInterruptedCallerGetsAnInterruptedIOExceptionAndCloseStillEndsTheThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        DecodeAhead<Integer> d = DecodeAhead.start(VideoReader.open(video(10), 0), 2, fr -> {
            started.countDown();
            try {
                never.await(); // a job that hangs until the thread is interrupted
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return 0;
        });
        AtomicReference<Throwable> got = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                d.next();
            } catch (Throwable t) {
                got.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        caller.interrupt();
        caller.join(10_000);
        assertInstanceOf(InterruptedIOException.class, got.get());
        assertTrue(flag.get(), "the interrupt flag is set again");
        d.close();
        awaitNoDecodeThread();
    }

    @Test
    void capacityIsChecked() throws Exception {
        Path f = video(5);
        VideoReader r = VideoReader.open(f, 0);
        assertThrows(IllegalArgumentException.class, () -> DecodeAhead.start(r, -1, fr -> 0));
        assertThrows(IllegalStateException.class, r::next, "a refused reader is closed");
        VideoReader r2 = VideoReader.open(f, 0);
        assertThrows(IllegalArgumentException.class, () -> DecodeAhead.start(r2, 65, fr -> 0));
        assertThrows(NullPointerException.class, () -> DecodeAhead.start(null, 1, fr -> 0));
    }
}
