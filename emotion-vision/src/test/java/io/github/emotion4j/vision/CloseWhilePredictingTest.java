package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.vision.face.HaarFaceDetector;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} while other threads are inside {@code predict}: it used to free the OpenCV
 * cascade under a running {@code detectMultiScale} and crash the JVM (SIGSEGV), which here kills
 * the surefire JVM. Now close waits for the calls in flight and later calls get
 * {@code IllegalStateException("recognizer is closed")}.
 */
class CloseWhilePredictingTest {
    private static final int ROUNDS = 100;
    private static final int THREADS = 4;

    /** A small photo with a face, so a round is short. */
    private static BufferedImage smallPhoto() {
        BufferedImage src = TestMedia.astronautPhoto();
        int w = 200;
        int h = Math.max(1, src.getHeight() * w / src.getWidth());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        img.getGraphics().drawImage(src, 0, 0, w, h, null);
        return img;
    }

    /** Runs {@code call} on {@value #THREADS} threads until it throws; returns the first unexpected failure. */
    private interface Call {
        void run() throws Exception;
    }

    private static Throwable hammerAndClose(Call call, Runnable close, Random random, String closedMessage,
                                            AtomicLong calls) throws InterruptedException {
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                started.countDown();
                while (true) {
                    try {
                        call.run();
                        calls.incrementAndGet();
                    } catch (IllegalStateException e) {
                        if (!closedMessage.equals(e.getMessage())) {
                            unexpected.compareAndSet(null, e);
                        }
                        return;
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                        return;
                    }
                }
            }, "hammer-" + t);
            threads.add(th);
            th.start();
        }
        started.await();
        Thread.sleep(random.nextInt(25));
        close.run();
        for (Thread th : threads) {
            th.join(60_000);
            assertFalse(th.isAlive(), th.getName() + " still runs a minute after close()");
        }
        return unexpected.get();
    }

    @Test
    void closingTheRecognizerWhileFourThreadsPredictNeverCrashes() throws Exception {
        BufferedImage photo = smallPhoto();
        Random random = new Random(42);
        AtomicLong calls = new AtomicLong();
        long t0 = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().modalities(Modality.VISION).build();
            Throwable bad = hammerAndClose(() -> r.predict(MediaInput.ofImage(photo)), r::close, random,
                    "recognizer is closed", calls);
            if (bad != null) {
                throw new AssertionError("round " + round + ": predict failed with something other than "
                        + "IllegalStateException(\"recognizer is closed\")", bad);
            }
            IllegalStateException after = assertThrows(IllegalStateException.class,
                    () -> r.predict(MediaInput.ofImage(photo)));
            assertEquals("recognizer is closed", after.getMessage());
            r.close();
        }
        System.out.printf("close while predicting: %d rounds, %d predictions completed, %.1f s%n", ROUNDS, calls.get(),
                (System.nanoTime() - t0) / 1e9);
        assertTrue(calls.get() > 0, "no prediction completed in any round");
    }

    @Test
    void closingTheFaceDetectorWhileFourThreadsDetectNeverCrashes() throws Exception {
        BufferedImage photo = smallPhoto();
        Random random = new Random(7);
        AtomicLong calls = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++) {
            HaarFaceDetector d = HaarFaceDetector.create();
            Throwable bad = hammerAndClose(() -> d.detect(photo), d::close, random, "face detector is closed", calls);
            if (bad != null) {
                fail("round " + round + ": detect failed with something other than the closed message", bad);
            }
            d.close();
        }
        assertTrue(calls.get() > 0);
    }
}
