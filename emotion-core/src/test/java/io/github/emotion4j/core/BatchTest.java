package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ClaimableTask;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.testing.FakeModalities;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link EmotionRecognizer#batch}: order, errors beside results, progress, cancellation, bounded memory, no deadlock. */
class BatchTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    /** What a fake analyser does with the text of an input. */
    interface Body {
        ModalityResult analyze(Modality m, String text, AnalyzerContext ctx) throws IOException;
    }

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void shutDown() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService pool(int threads) {
        ExecutorService p = Executors.newFixedThreadPool(threads);
        pools.add(p);
        return p;
    }

    private static ModalityAnalyzerProvider provider(Modality modality, Body body) {
        return new FakeModalities.Scripted(modality, (m, input, ctx) -> body.analyze(m, input.text().orElse(""), ctx));
    }

    private static ModalityResult happy(Modality m) {
        return ModalityResult.builder(m).distribution(FakeModalities.peaked(Emotion.HAPPINESS, 0.6)).build();
    }

    private static List<MediaInput> texts(String... words) {
        List<MediaInput> out = new ArrayList<>();
        for (String w : words) {
            out.add(MediaInput.ofText(w));
        }
        return out;
    }

    private static List<MediaInput> numbered(int n) {
        List<MediaInput> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MediaInput.ofText("in-" + i));
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void inOrderKeepsInputOrderWithErrorsBesideResults() throws Exception {
        // earlier inputs are slower, so they finish last; "bad" inputs fail
        Body body = (m, text, ctx) -> {
            int k = Integer.parseInt(text.replaceAll("\\D", ""));
            sleep(5L * (8 - k));
            if (text.startsWith("bad")) {
                throw new MediaDecodeException(text, "corrupt on purpose");
            }
            return happy(m);
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(3))
                .build()) {
            List<MediaInput> inputs = texts("ok0", "bad1", "ok2", "ok3", "bad4", "ok5", "ok6", "ok7");
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, () -> r.batch(inputs).parallelism(3).predictAll());
            assertEquals(8, items.size());
            for (int i = 0; i < items.size(); i++) {
                BatchItem item = items.get(i);
                assertEquals(i, item.index());
                assertEquals(inputs.get(i), item.input());
                boolean bad = i == 1 || i == 4;
                assertEquals(bad ? BatchItem.Status.FAILED : BatchItem.Status.OK, item.status(), item.toString());
                if (bad) {
                    assertInstanceOf(MediaDecodeException.class, item.error().orElseThrow());
                    assertTrue(item.error().get().getMessage().contains("bad" + i));
                } else {
                    assertEquals(Emotion.HAPPINESS, item.prediction().orElseThrow().top().label());
                }
            }
            // the iterator in input order gives the same
            try (BatchRun run = r.batch(inputs).parallelism(3).inOrder().start()) {
                List<Integer> order = run.stream().map(BatchItem::index).collect(Collectors.toList());
                assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), order);
                assertFalse(run.hasNext());
                assertThrows(NoSuchElementException.class, run::next);
            }
            assertEquals(2, r.predictAll(inputs).stream().filter(i -> !i.isOk()).count());
        }
    }

    @Test
    void asCompletedGivesTheFastestFirst() throws Exception {
        // The slow input may only finish once the caller has received an item: in completion order
        // that can only be the fast one. (Waiting for the fast body alone raced: the slow item could
        // be queued before the fast one's result was.)
        CountDownLatch firstReceived = new CountDownLatch(1);
        Body body = (m, text, ctx) -> {
            if (text.equals("slow")) {
                try {
                    assertTrue(firstReceived.await(60, TimeUnit.SECONDS), "no item reached the caller first");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return happy(m);
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(2))
                .build();
             BatchRun run = r.batch(texts("slow", "fast")).parallelism(2).asCompleted().start()) {
            List<Integer> order = assertTimeoutPreemptively(LIMIT, () -> run.stream()
                    .peek(item -> firstReceived.countDown()).map(BatchItem::index).collect(Collectors.toList()));
            assertEquals(List.of(1, 0), order, "the fast second input comes first");
        }
    }

    @Test
    void asCompletedYieldsEveryInputOnce() throws Exception {
        Body body = (m, text, ctx) -> {
            sleep(text.hashCode() & 7);
            return happy(m);
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(2))
                .build();
             BatchRun run = r.batch(numbered(40)).parallelism(3).asCompleted().start()) {
            Set<Integer> seen = new HashSet<>();
            assertTimeoutPreemptively(LIMIT, () -> run.forEachRemaining(i -> assertTrue(seen.add(i.index()), "twice: " + i)));
            assertEquals(40, seen.size());
        }
    }

    @Test
    void progressIsReportedOncePerInput() throws Exception {
        Body body = (m, text, ctx) -> {
            if (text.endsWith("3") || text.endsWith("7")) {
                throw new UnsupportedMediaException(text, "no");
            }
            return happy(m);
        };
        List<BatchProgress> calls = Collections.synchronizedList(new ArrayList<>());
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(2))
                .build()) {
            Batch batch = r.batch(numbered(12)).parallelism(2).onProgress(calls::add);
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, batch::predictAll);
            assertEquals(12, items.size());
            assertEquals(12, calls.size(), "one call per input");
            for (int i = 1; i < calls.size(); i++) {
                assertTrue(calls.get(i).done() >= calls.get(i - 1).done(), "counts never decrease: " + calls);
            }
            BatchProgress last = calls.get(calls.size() - 1);
            assertEquals(12, last.total());
            assertEquals(10, last.succeeded());
            assertEquals(2, last.failed());
            assertEquals(0, last.cancelled());
            assertTrue(last.isComplete());
            assertEquals(Duration.ZERO, last.eta().orElseThrow());
            assertEquals(1.0, last.fraction());
        }
    }

    @Test
    void listenerFailureDoesNotStopTheBatch() throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, (m, t, c) -> happy(m)))
                .executor(pool(1)).build()) {
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, () -> r.batch(numbered(5)).onProgress(p -> {
                throw new IllegalStateException("listener bug");
            }).predictAll());
            assertTrue(items.stream().allMatch(BatchItem::isOk));
        }
    }

    @Test
    void cancelReportsPendingInputsAsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger analysed = new AtomicInteger();
        Body body = (m, text, ctx) -> {
            analysed.incrementAndGet();
            started.countDown();
            try {
                assertTrue(release.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return happy(m);
        };
        List<BatchProgress> calls = Collections.synchronizedList(new ArrayList<>());
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(1))
                .build();
             BatchRun run = r.batch(numbered(10)).parallelism(1).onProgress(calls::add).start()) {
            assertTrue(started.await(60, TimeUnit.SECONDS), "the first input started on the pool");
            run.cancel();
            run.cancel();
            assertTrue(run.isCancelled());
            assertEquals(9, run.progress().cancelled(), "every input not started is cancelled at once");
            release.countDown();
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, () -> run.stream().collect(Collectors.toList()));
            assertEquals(10, items.size(), "nothing is dropped");
            assertEquals(BatchItem.Status.OK, items.get(0).status(), "the running input finishes");
            for (int i = 1; i < 10; i++) {
                assertEquals(i, items.get(i).index());
                assertEquals(BatchItem.Status.CANCELLED, items.get(i).status());
                assertInstanceOf(CancellationException.class, items.get(i).error().orElseThrow());
                assertEquals(Duration.ZERO, items.get(i).elapsed());
            }
            assertEquals(1, analysed.get(), "cancelled inputs never run");
            assertEquals(10, calls.size());
            BatchProgress p = run.progress();
            assertEquals(1, p.succeeded());
            assertEquals(9, p.cancelled());
        }
    }

    @Test
    void closeMidwayCancelsTheRestAndWaitsForTheRunning() throws Exception {
        AtomicInteger analysed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        Body body = (m, text, ctx) -> {
            running.incrementAndGet();
            analysed.incrementAndGet();
            sleep(20);
            running.decrementAndGet();
            return happy(m);
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(2))
                .build()) {
            BatchRun run = r.batch(numbered(50)).parallelism(2).start();
            assertTimeoutPreemptively(LIMIT, () -> {
                run.next();
                run.close();
            });
            assertEquals(0, running.get(), "close() waited for the running inputs");
            assertTrue(analysed.get() < 50, "close() stopped the batch: " + analysed.get());
            assertEquals(50, run.progress().done());
            run.close();
        }
    }

    @Test
    void oneThreadExecutorWithNestedFanOutDoesNotDeadlock() throws Exception {
        // two modalities side by side, each fanning out onto the one shared thread, four inputs at a time
        Body nested = (m, text, ctx) -> {
            List<ClaimableTask<Integer>> parts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                parts.add(ClaimableTask.submit(ctx.executor(), () -> k));
            }
            for (ClaimableTask<Integer> t : parts) {
                try {
                    t.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return happy(m);
        };
        ExecutorService one = pool(1);
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.AUDIO, nested))
                .provider(provider(Modality.TEXT, nested)).executor(one).build()) {
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, () -> r.batch(numbered(30)).parallelism(4).predictAll());
            assertEquals(30, items.size());
            assertTrue(items.stream().allMatch(BatchItem::isOk));
            // a batch taken from inside the only pool thread: every input then runs on that thread
            Future<Integer> inside = one.submit(() -> {
                try (BatchRun run = r.batch(numbered(10)).parallelism(4).asCompleted().start()) {
                    return (int) run.stream().filter(BatchItem::isOk).count();
                }
            });
            assertEquals(10, inside.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void finishedResultsWaitingToBeTakenAreBounded() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        Body body = (m, text, ctx) -> {
            int ahead = started.incrementAndGet() - taken.get();
            maxAhead.accumulateAndGet(ahead, Math::max);
            return happy(m);
        };
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, body)).executor(pool(2))
                .build();
             BatchRun run = r.batch(numbered(200)).parallelism(2).asCompleted().start()) {
            assertTimeoutPreemptively(LIMIT, () -> {
                while (run.hasNext()) {
                    run.next();
                    sleep(1);
                    taken.incrementAndGet();
                }
            });
            assertEquals(200, taken.get());
            assertTrue(maxAhead.get() <= 2 * 2 + 1, "at most 2 x parallelism results ahead of the consumer: " + maxAhead);
        }
    }

    @Test
    void rejectingExecutorRunsEverythingOnTheConsumer() throws Exception {
        ExecutorService dead = pool(1);
        dead.shutdown();
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, (m, t, c) -> happy(m)))
                .executor(dead).build()) {
            List<BatchItem> items = assertTimeoutPreemptively(LIMIT, () -> r.predictAll(numbered(6)));
            assertTrue(items.stream().allMatch(BatchItem::isOk));
        }
    }

    @Test
    void optionsAreValidatedAndTheBatchIsImmutable() throws Exception {
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.TEXT, (m, t, c) -> happy(m)))
                .executor(pool(1)).build()) {
            Batch b = r.batch(numbered(3));
            assertThrows(IllegalArgumentException.class, () -> b.parallelism(0));
            Batch c = b.parallelism(7).asCompleted();
            assertTrue(b.isInOrder());
            assertFalse(c.isInOrder());
            assertEquals(7, c.parallelism());
            assertEquals(3, c.inputs().size());
            assertThrows(NullPointerException.class, () -> r.batch(List.of(MediaInput.ofText("a"), null)));
            try (BatchRun empty = r.batch(List.of()).start()) {
                assertFalse(empty.hasNext());
                assertTrue(empty.progress().isComplete());
            }
            r.close();
            assertThrows(IllegalStateException.class, () -> r.batch(numbered(1)));
        }
    }

    @Test
    void itemAndProgressInvariants() {
        MediaInput in = MediaInput.ofText("x");
        assertThrows(IllegalArgumentException.class, () -> new BatchItem(0, in, java.util.Optional.empty(),
                java.util.Optional.empty(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BatchItem.failed(-1, in, new IOException("x"), Duration.ZERO));
        assertEquals(BatchItem.Status.FAILED, BatchItem.failed(0, in, new IOException("x"), Duration.ZERO).status());
        assertEquals(BatchItem.Status.CANCELLED, BatchItem.cancelled(0, in).status());
        BatchProgress p = new BatchProgress(10, 2, 2, 0, Duration.ofSeconds(8));
        assertEquals(Duration.ofSeconds(12), p.eta().orElseThrow());
        assertEquals(6, p.remaining());
        assertTrue(new BatchProgress(10, 0, 0, 0, Duration.ofSeconds(1)).eta().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new BatchProgress(1, 1, 1, 0, Duration.ZERO));
    }
}
