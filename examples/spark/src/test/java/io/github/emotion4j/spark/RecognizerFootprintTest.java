package io.github.emotion4j.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints roughly what one recognizer costs an executor (the figures in the README): heap after a full GC
 * and the process's resident set, before and after building a recognizer and scoring the demo media, then
 * for a second recognizer in the same JVM (what each further task slot adds). Runs in a JVM of its own
 * (surefire {@code reuseForks=false}) without Spark. No assertion on the figures.
 */
class RecognizerFootprintTest {
    private static final Path DEMO = Path.of(System.getProperty("emotion4j.testdata.dir", "../../src-test-data"),
            "demo");

    @Test
    void printsHeapAndResidentMemoryOfARecognizer() throws Exception {
        long heap0 = heapMb();
        long rss0 = rssMb();
        ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        try (EmotionRecognizer first = RecognizerSettings.defaults().build()) {
            score(first);
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(b -> b.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(b -> b.getPeakUsage().getUsed()).sum() >> 20;
            long heap1 = heapMb();
            long rss1 = rssMb();
            try (EmotionRecognizer second = RecognizerSettings.defaults().build()) {
                score(second);
                long heap2 = heapMb();
                long rss2 = rssMb();
                System.out.printf(Locale.ROOT, "recognizer footprint: JVM before: heap %d MB, RSS %d MB; first recognizer"
                                + " (natives + models, after scoring demo.wav/face.jpg/demo.mp4): heap +%d MB, RSS +%d MB;"
                                + " a second one in the same JVM: heap +%d MB, RSS +%d MB; heap peak while scoring (sum of"
                                + " pool peaks, an upper bound) %d MB%n",
                        heap0, rss0, heap1 - heap0, rss1 - rss0, heap2 - heap1, rss2 - rss1, peak);
                assertTrue(rss2 > 0 || rss0 < 0, "figures printed");
            }
        }
    }

    private static void score(EmotionRecognizer r) throws IOException {
        for (String f : List.of("demo.wav", "face.jpg", "demo.mp4")) {
            r.predict(MediaInput.ofFile(DEMO.resolve(f)));
        }
    }

    private static long heapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** VmRSS from /proc (Linux); -1 elsewhere. */
    private static long rssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) >> 10;
            }
        }
        return -1;
    }
}
