package io.github.emotion4j.live.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedQueueTest {
    @Test
    void aLiveProducerDropsTheOldest() throws InterruptedException {
        BoundedQueue<String> q = new BoundedQueue<>(2, s -> 1);
        assertEquals(List.of(), q.offerDroppingOldest("a"));
        assertEquals(List.of(), q.offerDroppingOldest("b"));
        assertEquals(List.of("a"), q.offerDroppingOldest("c"));
        assertEquals(2, q.size());
        assertEquals("b", q.take());
        assertEquals("c", q.take());
    }

    @Test
    void weightBoundsAudio() {
        BoundedQueue<float[]> q = new BoundedQueue<>(1000, a -> a.length);
        q.offerDroppingOldest(new float[400]);
        q.offerDroppingOldest(new float[400]);
        assertEquals(1, q.offerDroppingOldest(new float[400]).size());
        assertEquals(800, q.weight());
        // heavier than the whole capacity: kept alone
        assertEquals(2, q.offerDroppingOldest(new float[5000]).size());
        assertEquals(5000, q.weight());
    }

    @Test
    void endDrainsAndCloseDiscards() throws InterruptedException {
        BoundedQueue<String> q = new BoundedQueue<>(4, s -> 1);
        q.offerDroppingOldest("a");
        q.end();
        assertTrue(q.offerDroppingOldest("late").isEmpty());
        assertEquals("a", q.take());
        assertNull(q.take());
        BoundedQueue<String> c = new BoundedQueue<>(4, s -> 1);
        c.offerDroppingOldest("a");
        c.close();
        assertNull(c.take());
        assertFalse(c.put("b"));
    }

    @Test
    void putWaitsForRoomAndCloseReleasesIt() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, s -> 1);
        assertTrue(q.put("a"));
        CountDownLatch returned = new CountDownLatch(1);
        boolean[] result = new boolean[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = q.put("b");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        t.start();
        assertFalse(returned.await(100, TimeUnit.MILLISECONDS), "put waits while full");
        assertEquals("a", q.take());
        assertTrue(returned.await(30, TimeUnit.SECONDS));
        assertTrue(result[0]);
        assertEquals("b", q.take());
    }

    @Test
    void takeWaitsUntilClosed() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(1, s -> 1);
        CountDownLatch got = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                assertNull(q.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.countDown();
        });
        t.start();
        q.close();
        assertTrue(got.await(30, TimeUnit.SECONDS));
        t.join();
    }
}
