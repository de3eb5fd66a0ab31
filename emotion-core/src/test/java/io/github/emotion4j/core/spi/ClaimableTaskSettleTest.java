package io.github.emotion4j.core.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link ClaimableTask#settle()}: work not started never runs; running work is waited for; its failure and interrupts do not escape. */
class ClaimableTaskSettleTest {
    @Test
    void workNotStartedNeverRuns() {
        List<Runnable> queue = new ArrayList<>();
        AtomicBoolean ran = new AtomicBoolean();
        ClaimableTask<String> t = ClaimableTask.submit(queue::add, () -> {
            ran.set(true);
            return "x";
        });
        assertFalse(t.settle());
        queue.forEach(Runnable::run);
        assertFalse(ran.get(), "a settled task that had not started must not run later");
        assertTrue(t.isDone());
    }

    @Test
    void runningWorkIsWaitedForAndItsFailureIgnored() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            ClaimableTask<String> t = ClaimableTask.submit(pool, () -> {
                started.countDown();
                Thread.sleep(200);
                finished.set(true);
                throw new IllegalStateException("the work's own failure");
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Thread.currentThread().interrupt();
            boolean interrupted = t.settle();
            // the interrupt that was pending is reported, not thrown, and the work had ended
            assertTrue(interrupted || Thread.interrupted(), "the interrupt is kept");
            Thread.interrupted();
            assertTrue(finished.get(), "settle returned before the running work ended");
        } finally {
            pool.shutdownNow();
        }
    }
}
