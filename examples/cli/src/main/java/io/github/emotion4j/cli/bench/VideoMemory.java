package io.github.emotion4j.cli.bench;

import io.github.emotion4j.core.Device;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.engine.EngineKind;
import io.github.emotion4j.core.engine.EngineRuntime;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.vision.VisionAnalyzer;
import io.github.emotion4j.vision.VisionAnalyzerProvider;
import io.github.emotion4j.vision.decode.ImageDecoder;
import io.github.emotion4j.vision.decode.VideoWriter;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Memory over a long video: writes (once; reused when the file exists) a 640x480 H.264 video of
 * {@code --minutes} minutes at {@code --video-fps} frames per second (64 kbit/s), one face at a time moving
 * over a gradient (the astronaut crop and {@code person-a.jpg} of {@code src-test-data/vision}), with a cut to the other person every minute (so re-identification and new
 * tracks run all along), then runs {@link VisionAnalyzer}'s whole video path (decoding included)
 * over it with the default options unless {@code --option key=value} says otherwise, while a
 * sampler thread records every {@code --every} seconds the heap after a forced full GC and the
 * process's resident set size ({@code VmRSS} of {@code /proc/self/status}). Prints the samples,
 * the median of the first and of the last quarter of them and their drift, and how many segments,
 * faces and embeddings the result holds (they must grow per window, not per frame) and how much
 * heap the result itself takes (heap after GC with and without it).
 *
 * <p>Command line: {@code [--video <file>] [--minutes N] [--video-fps F] [--every S] [--write-only] [--option k=v ...]}
 * ({@code --write-only}: write the video and stop).
 */
public final class VideoMemory {
    private VideoMemory() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path video = Path.of(System.getProperty("java.io.tmpdir"), "emotion4j-hour.mp4");
        double minutes = 60;
        double videoFps = 10;
        double every = 20;
        Map<String, String> options = new LinkedHashMap<>();
        boolean writeOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--video" -> video = Path.of(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--video-fps" -> videoFps = Double.parseDouble(args[++i]);
                case "--every" -> every = Double.parseDouble(args[++i]);
                case "--write-only" -> writeOnly = true;
                case "--option" -> {
                    String[] kv = args[++i].split("=", 2);
                    options.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(video)) {
            long t0 = System.nanoTime();
            write(video, (int) Math.round(minutes * 60 * videoFps), videoFps);
            System.out.printf(Locale.ROOT, "wrote %s (%.1f MB) in %.0f s%n", video, Files.size(video) / 1e6,
                    (System.nanoTime() - t0) / 1e9);
        }
        if (writeOnly) {
            return;
        }
        System.out.printf(Locale.ROOT, "video %s (%.1f MB), options %s, max heap %d MB, load average %.2f%n", video,
                Files.size(video) / 1e6, options, Runtime.getRuntime().maxMemory() >> 20, load());
        List<double[]> samples = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        long start = System.nanoTime();
        long pause = (long) (every * 1000);
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                double heap = heapAfterGc() / 1048576.0;
                double rss = rssKb() / 1024.0;
                double t = (System.nanoTime() - start) / 1e9;
                synchronized (samples) {
                    samples.add(new double[] {t, heap, rss});
                }
                System.out.printf(Locale.ROOT, "  t=%6.0f s  heap after GC %7.1f MB  RSS %7.1f MB%n", t, heap, rss);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        ModalityResult r;
        try (EngineRuntime ort = EngineRuntime.create(Optional.of(Device.cpu()), Optional.of(EngineKind.ONNX_RUNTIME));
             VisionAnalyzer a = (VisionAnalyzer) new VisionAnalyzerProvider().create(new AnalyzerContext(ort, Map.of(),
                     options, BenchThreads.executor(BenchThreads.DEFAULT)))) {
            sampler.start();
            r = a.analyze(MediaInput.ofFile(video));
        } finally {
            done.set(true);
            sampler.interrupt();
            sampler.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "analysed in %.0f s: %s; %d segments, %d faces, %d embeddings, %d warnings%n",
                seconds, r.details(), r.segments().size(), r.faces().size(), r.embeddings().size(), r.warnings().size());
        // what the result itself holds: the heap after GC with and without it
        System.gc();
        double with = heapAfterGc() / 1048576.0;
        int faces = r.faces().size();
        r = null;
        System.gc();
        double without = heapAfterGc() / 1048576.0;
        System.out.printf(Locale.ROOT, "heap after GC holding the result %.1f MB, without it %.1f MB: the result holds %.1f MB"
                + " (%.2f kB per face observation)%n", with, without, with - without, (with - without) * 1024 / Math.max(1, faces));
        int n = samples.size();
        if (n < 8) {
            System.out.println("too few samples for a drift figure; lower --every");
            return;
        }
        // the first quarter after the first two samples (loading, JIT warm-up) against the last quarter
        int q = Math.max(2, (n - 2) / 4);
        List<double[]> first = samples.subList(2, 2 + q);
        List<double[]> last = samples.subList(n - q, n);
        for (int c = 1; c <= 2; c++) {
            double m0 = median(first, c);
            double m1 = median(last, c);
            System.out.printf(Locale.ROOT, "%s: median of samples 3-%d %.1f MB, of the last %d %.1f MB, drift %+.1f MB (%+.1f%%)%n",
                    c == 1 ? "heap after GC" : "RSS", 2 + q, m0, q, m1, m1 - m0, 100 * (m1 - m0) / m0);
        }
        System.out.printf(Locale.ROOT, "load average at end %.2f%n", load());
    }

    private static double median(List<double[]> s, int column) {
        double[] v = s.stream().mapToDouble(x -> x[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Heap in use after the last collection, summed over the heap pools. */
    static long heapAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                sum += p.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** Resident set size in kB, -1 where {@code /proc/self/status} is not there. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The long video: a gradient, one of two faces moving on it, a cut to the other face every minute. */
    static void write(Path file, int frames, double fps) throws Exception {
        int w = 640;
        int h = 480;
        ImageDecoder dec = new ImageDecoder();
        BufferedImage[] faces = {scaled(dec.read(Path.of("src-test-data/vision/astronaut-face.jpg")), 200),
            scaled(dec.read(Path.of("src-test-data/vision/person-a.jpg")), 200)};
        BufferedImage bg = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g0 = bg.createGraphics();
        g0.setPaint(new GradientPaint(0, 0, new Color(70, 80, 90), w, h, new Color(170, 160, 150)));
        g0.fillRect(0, 0, w, h);
        g0.dispose();
        byte[] bgPixels = ((DataBufferByte) bg.getRaster().getDataBuffer()).getData();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        VideoWriter.writeH264(file, frames, i -> {
            System.arraycopy(bgPixels, 0, px, 0, px.length);
            double t = i / fps;
            int scene = (int) (t / 60);
            BufferedImage face = faces[scene % 2];
            Graphics2D g = img.createGraphics();
            // each scene starts on the other side of the frame: a cut, a new track
            int x = (w - face.getWidth()) / 2 + (int) Math.round(120 * Math.sin(t / 3.0 + scene * Math.PI / 2));
            int y = (h - face.getHeight()) / 2 + (int) Math.round(60 * Math.cos(t / 5.0));
            g.drawImage(face, x, y, null);
            g.dispose();
            return img;
        }, fps, 64_000);
    }

    private static BufferedImage scaled(BufferedImage src, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, side, side, null);
        g.dispose();
        return out;
    }
}
