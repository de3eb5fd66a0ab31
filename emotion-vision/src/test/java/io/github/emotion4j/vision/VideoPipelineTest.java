package io.github.emotion4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video path with the expressions of the next frames computed on an executor while the analysis
 * tracks the current one gives exactly the result of the same analysis on the calling thread alone.
 */
class VideoPipelineTest {
    private static EngineRuntime runtime;
    private static ExecutorService pool;
    private static ExecutorService single;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        runtime = EngineRuntime.cpu();
        pool = Executors.newFixedThreadPool(2, daemon());
        single = Executors.newFixedThreadPool(1, daemon());
    }

    @AfterAll
    static void close() {
        pool.shutdownNow();
        single.shutdownNow();
        runtime.close();
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "pipeline-test");
            t.setDaemon(true);
            return t;
        };
    }

    private static VisionAnalyzer analyzer(Map<String, String> options, java.util.concurrent.Executor executor)
            throws Exception {
        return (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(runtime, Map.of(), options, executor));
    }

    /** The result of each executor's analysis of {@code video}, checked equal to the calling thread's. */
    private static ModalityResult sameOnEveryExecutor(Path video, Map<String, String> options) throws Exception {
        ModalityResult sequential;
        try (VisionAnalyzer a = analyzer(options, AnalyzerContext.CALLING_THREAD)) {
            sequential = a.analyze(MediaInput.ofFile(video));
        }
        for (java.util.concurrent.Executor e : new java.util.concurrent.Executor[] {pool, single}) {
            try (VisionAnalyzer a = analyzer(options, e)) {
                for (int round = 0; round < 2; round++) {
                    ModalityResult r = a.analyze(MediaInput.ofFile(video));
                    assertEquals(sequential, r, "executor " + e + ", round " + round);
                }
            }
        }
        return sequential;
    }

    @Test
    void demoVideoAtEveryFrameIsTheSameWithAndWithoutThePipeline() throws Exception {
        Path demo = TestData.resolve("demo/demo.mp4");
        ModalityResult r = sameOnEveryExecutor(demo, Map.of("vision.fps", "0", "vision.faces", "largest"));
        assertEquals(r.details().get("frames.sampled"), r.details().get("frames.withFace"), r.details().toString());
        assertTrue(r.details().get("frames.sampled") > 200, r.details().toString());
        assertTrue(r.segments().size() >= 5, r.segments().toString());
        // the windows hold every frame: the segments' frame counts add up to the frames with a face
        assertEquals(r.details().get("frames.withFace"), r.faces().stream().mapToDouble(f -> f.frames()).sum(), 0);
    }

    @Test
    void twoPeopleWithAlignmentOffAndOnTheSame() throws Exception {
        Path v = TestMedia.writeVideo(dir.resolve("two.mp4"), TestMedia.mp4(640, 480, 10, 45, 2));
        for (String align : new String[] {"off", "on"}) {
            ModalityResult r = sameOnEveryExecutor(v, Map.of("vision.fps", "0", "vision.faces", "all", "vision.window", "1",
                    "vision.align", align));
            assertEquals(2, r.segments().stream().map(s -> s.source()).distinct().count(), align + ": " + r.segments());
            assertEquals(90, r.faces().stream().mapToInt(f -> f.frames()).sum(), align + ": two faces in each of 45 frames");
        }
        // the Haar detector's path (no passes on the executor; the expressions still go there)
        ModalityResult haar = sameOnEveryExecutor(v, Map.of("vision.fps", "0", "vision.faces", "all", "vision.detector", "haar"));
        assertTrue(haar.hasEvidence(), haar.warnings().toString());
    }

    @Test
    void aTruncatedVideoIsTheSame() throws Exception {
        Path v = TestMedia.writeVideo(dir.resolve("whole.mkv"), new TestMedia.VideoSpec("matroska",
                org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4, 320, 240, 10, 40, 1, 0));
        byte[] all = Files.readAllBytes(v);
        Path cut = Files.write(dir.resolve("cut.mkv"), java.util.Arrays.copyOf(all, all.length / 2));
        ModalityResult r = sameOnEveryExecutor(cut, Map.of("vision.fps", "0"));
        assertEquals(1.0, r.details().get("decode.truncated"), r.warnings().toString());
    }

    @Test
    void anExecutorThatNeverRunsAnythingOnlyMakesItSequentialAndHoldsNoFrame() throws Exception {
        // a saturated pool: the runnables wait in its queue; the analysis runs every task itself
        Path v = TestMedia.writeVideo(dir.resolve("busy.mp4"), TestMedia.mp4(640, 480, 25, 150, 1));
        Map<String, String> options = Map.of("vision.fps", "0");
        ModalityResult sequential;
        try (VisionAnalyzer a = analyzer(options, AnalyzerContext.CALLING_THREAD)) {
            sequential = a.analyze(MediaInput.ofFile(v));
        }
        java.util.List<Runnable> queued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Runtime rt = Runtime.getRuntime();
        try (VisionAnalyzer a = analyzer(options, queued::add)) {
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            assertEquals(sequential, a.analyze(MediaInput.ofFile(v)));
            assertTrue(queued.size() >= 150, "each frame's expressions (and the full scans' passes) were offered: " + queued.size());
            System.gc();
            System.gc();
            long kept = rt.totalMemory() - rt.freeMemory() - before;
            // 150 decoded frames are 138 MB: the queued work must not keep them
            assertTrue(kept < 40L << 20, "the queued runnables keep " + (kept >> 20) + " MB");
            // run late, they find their work done and do nothing
            for (Runnable r : queued) {
                r.run();
            }
        }
    }

    @Test
    void anInterruptEndsTheAnalysisAndTheAnalyserStaysUsable() throws Exception {
        Path v = TestMedia.writeVideo(dir.resolve("long.mp4"), TestMedia.mp4(640, 480, 25, 400, 1));
        try (VisionAnalyzer a = analyzer(Map.of("vision.fps", "0"), pool)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    a.analyze(MediaInput.ofFile(v));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            Thread.sleep(300);
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), "the analysis ended after the interrupt");
            assertInstanceOf(InterruptedIOException.class, failure.get(), String.valueOf(failure.get()));
            Path shortVideo = TestMedia.writeVideo(dir.resolve("short.mp4"), TestMedia.mp4(320, 240, 10, 12, 1));
            assertTrue(a.analyze(MediaInput.ofFile(shortVideo)).hasEvidence());
        }
    }
}
