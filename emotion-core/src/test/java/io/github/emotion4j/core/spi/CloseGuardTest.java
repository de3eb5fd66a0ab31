package io.github.emotion4j.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CloseGuardTest {

    @Test
    void closeWaitsForTheCallInFlightAndRefusesNewOnes() throws Exception {
        CloseGuard g = new CloseGuard("thing");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean freedWhileRunning = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean();
        Thread call = new Thread(() -> {
            g.enter();
            try {
                running.set(true);
                inside.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.set(false);
                g.exit();
            }
        });
        call.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> {
            if (g.closeAndAwait()) {
                freedWhileRunning.set(running.get());
            }
        });
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close waits while a call is inside");
        IllegalStateException e = assertThrows(IllegalStateException.class, g::enter);
        assertTrue(e.getMessage().contains("thing is closed"));
        release.countDown();
        closer.join(10_000);
        call.join(10_000);
        assertFalse(closer.isAlive());
        assertFalse(freedWhileRunning.get(), "resources freed only after the call left");
        assertEquals(0, g.active());
        assertFalse(g.closeAndAwait(), "second close: nothing to free");
    }

    @Test
    void exitWithoutEnterIsAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> new CloseGuard("x").exit());
    }
}
