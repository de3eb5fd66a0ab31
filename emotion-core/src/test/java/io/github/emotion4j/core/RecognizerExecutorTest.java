package io.github.emotion4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The recognizer's executor: who owns it, who runs on it, and that sharing it cannot deadlock. */
class RecognizerExecutorTest {

    /** What a fake analyser does with an input. */
    interface Body {
        ModalityResult analyze(Modality m, AnalyzerContext ctx) throws IOException;
    }

    /** A provider whose analyser runs {@code body} with the context it was built with. */
    private static FakeModalities.Scripted provider(Modality modality, Body body) {
        return new FakeModalities.Scripted(modality, (m, input, ctx) -> body.analyze(m, ctx));
    }

    private static ModalityResult peaked(Modality m) {
        return ModalityResult.builder(m).distribution(FakeModalities.peaked(Emotion.HAPPINESS, 0.6)).build();
    }

    /** Counts the tasks handed to a delegate; never shut down by anyone but the test. */
    static final class Counting extends AbstractExecutorService {
        final ExecutorService delegate;
        final AtomicInteger tasks = new AtomicInteger();

        Counting(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable r) {
            tasks.incrementAndGet();
            delegate.execute(r);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }

    @Test
    void callersExecutorIsUsedAndNotShutDown() throws Exception {
        Counting pool = new Counting(Executors.newFixedThreadPool(2));
        try {
            FakeModalities.Scripted audio = provider(Modality.AUDIO, (m, ctx) -> peaked(m));
            FakeModalities.Scripted text = provider(Modality.TEXT, (m, ctx) -> peaked(m));
            EmotionRecognizer r = EmotionRecognizer.builder().provider(audio).provider(text).executor(pool).build();
            try (r) {
                assertSame(pool, audio.context().get().executor(), "analysers get the caller's executor");
                EmotionPrediction p = r.predict(MediaInput.ofText("x"));
                assertEquals(2, p.modalities().size());
                assertEquals(1, pool.tasks.get(), "one of the two modalities is handed to the executor");
            }
            r.close();
            assertFalse(pool.isShutdown(), "a caller's executor is never shut down by the recognizer");
            assertThrows(IllegalStateException.class, () -> EmotionRecognizer.builder().executor(pool).executor(pool));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ownedPoolIsShutDownOnClose() throws Exception {
        FakeModalities.Scripted audio = provider(Modality.AUDIO, (m, ctx) -> peaked(m));
        EmotionRecognizer r = EmotionRecognizer.builder().provider(audio).build();
        ExecutorService owned = (ExecutorService) audio.context().get().executor();
        Future<String> name = owned.submit(() -> Thread.currentThread().getName());
        String n = name.get(30, TimeUnit.SECONDS);
        assertTrue(n.matches("emotion4j-\\d+"), n);
        assertFalse(owned.isShutdown());
        r.close();
        assertTrue(owned.isShutdown(), "the owned pool is shut down by close()");
        r.close();
    }

    @Test
    void modalitiesRunSideBySide() throws Exception {
        // each analyser waits until the other has started: finishes only when they run at the same time
        CyclicBarrier both = new CyclicBarrier(2);
        Body meet = (m, ctx) -> {
            try {
                both.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other modality did not run alongside " + m, e);
            }
            return peaked(m);
        };
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.AUDIO, meet))
                .provider(provider(Modality.VISION, meet)).executor(one).build()) {
            EmotionPrediction p = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> r.predict(MediaInput.ofText("x")));
            assertEquals(2, p.modalities().size());
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void manyCallersOnOneThreadFinish() throws Exception {
        // every analyser fans out onto the shared single thread as well, as the text runner and audio segments do
        Body nested = (m, ctx) -> {
            List<ClaimableTask<Integer>> parts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int k = i;
                parts.add(ClaimableTask.submit(ctx.executor(), () -> {
                    Thread.sleep(1);
                    return k;
                }));
            }
            int sum = 0;
            for (ClaimableTask<Integer> t : parts) {
                try {
                    sum += t.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            assertEquals(6, sum);
            return peaked(m);
        };
        ExecutorService one = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.AUDIO, nested))
                .provider(provider(Modality.VISION, nested)).provider(provider(Modality.TEXT, nested))
                .executor(one).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<Future<EmotionPrediction>> all = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    all.add(callers.submit(() -> r.predict(MediaInput.ofText("x"))));
                }
                for (Future<EmotionPrediction> f : all) {
                    assertEquals(3, f.get().modalities().size());
                }
            }, "a hang here means a thread waited for a task that had not started");
        } finally {
            callers.shutdownNow();
            one.shutdownNow();
        }
    }

    @Test
    void failuresReachTheCallerUnwrapped() throws Exception {
        MediaDecodeException broken = new MediaDecodeException("clip.mp4", "corrupt");
        Body fails = (m, ctx) -> {
            throw broken;
        };
        Body ok = (m, ctx) -> peaked(m);
        IllegalArgumentException bug = new IllegalArgumentException("bug");
        for (boolean first : new boolean[] {true, false}) {
            // AUDIO runs on the calling thread, VISION on the executor
            try (EmotionRecognizer r = EmotionRecognizer.builder()
                    .provider(provider(Modality.AUDIO, first ? fails : ok))
                    .provider(provider(Modality.VISION, first ? ok : fails)).build()) {
                MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> r.predict(MediaInput.ofText("x")));
                assertSame(broken, e);
            }
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().provider(provider(Modality.AUDIO, ok))
                .provider(provider(Modality.VISION, (m, ctx) -> {
                    throw bug;
                })).build()) {
            assertSame(bug, assertThrows(IllegalArgumentException.class, () -> r.predict(MediaInput.ofText("x"))));
        }
    }

    @Test
    void claimedTaskRunsOnTheCallerWhenThePoolIsBusy() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            one.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ClaimableTask<String> t = ClaimableTask.submit(one, () -> Thread.currentThread().getName());
            assertEquals(Thread.currentThread().getName(), t.join(), "an unstarted task runs in join()");
            ClaimableTask<String> cancelled = ClaimableTask.submit(one, () -> "never");
            assertTrue(cancelled.cancel());
            release.countDown();
            ExecutorService dead = Executors.newSingleThreadExecutor();
            dead.shutdown();
            assertEquals("here", ClaimableTask.submit(dead, () -> "here").join(), "a rejected task runs in join()");
        } finally {
            one.shutdownNow();
        }
    }
}
