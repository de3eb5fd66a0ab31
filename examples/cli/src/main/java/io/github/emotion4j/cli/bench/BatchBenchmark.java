package io.github.emotion4j.cli.bench;

import io.github.emotion4j.vision.decode.VideoWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Batch against one-at-a-time analysis through the command line. Generates a folder of mixed media
 * (speech-like WAV tones, PNG/JPG drawings, some with a pasted face photo, short H.264 MP4s, .txt and
 * .srt files; fixed seed), then times, each as a separate {@code java -jar} process:
 * {@code analyze DIR --csv OUT --threads 1}, the same with {@code --threads 2}, and {@code analyze FILE
 * --csv OUT} for a sample of the files (spread evenly over the sorted list), extrapolated to the whole
 * folder. Prints files per second and media seconds (audio + video) per second for each, and the
 * ratios. A program that prints figures; no test asserts them.
 *
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl examples/cli -am
 * java -cp examples/cli/target/emotion4j.jar io.github.emotion4j.cli.bench.BatchBenchmark \
 *     --dir target/batch-bench --files 200 --single 20 --jar examples/cli/target/emotion4j.jar
 * </pre>
 *
 * Options: {@code --dir DIR} (generated when it holds no media), {@code --files N} (200),
 * {@code --single K} (one-at-a-time runs timed, 20; 0 skips them), {@code --jar JAR},
 * {@code --face IMAGE} (pasted into some drawings and videos; default {@code src-test-data/demo/face.jpg}
 * when present), {@code --generate-only}.
 */
public final class BatchBenchmark {
    private static final int RATE = 16_000;
    private static final String[] SENTENCES = {"What a wonderful surprise, I am so happy to see you!",
        "This delay is outrageous, it makes me really angry.", "Now everyone has gone, and I feel sad and alone.",
        "I am scared of what might happen tomorrow.", "That smell is disgusting, take it away.",
        "The meeting is at ten in the second room.", "We won! This is the best day of my life!",
        "I can't believe you did that, how dare you."};

    private BatchBenchmark() {
    }

    /** Generates the folder (if needed) and prints the figures. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target/batch-bench");
        int files = 200;
        int single = 20;
        Path jar = Path.of("examples/cli/target/emotion4j.jar");
        Path face = Path.of("src-test-data/demo/face.jpg");
        boolean generateOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--single" -> single = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--face" -> face = Path.of(args[++i]);
                case "--generate-only" -> generateOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --dir DIR --files N --single K --jar JAR --face IMAGE --generate-only");
            }
        }
        Path media = dir.resolve("media");
        List<Generated> set = generate(media, files, Files.isRegularFile(face) ? ImageIO.read(face.toFile()) : null);
        double mediaSeconds = set.stream().mapToDouble(Generated::seconds).sum();
        System.out.printf(Locale.ROOT, "folder %s: %d files (%s), %.1f s of audio and video%n", media, set.size(),
                kinds(set), mediaSeconds);
        if (generateOnly) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no CLI jar at " + jar
                    + "; build it with ./mvnw -B -q package -DskipTests -pl examples/cli -am");
        }
        System.out.printf(Locale.ROOT, "%d cores, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        double t1 = time(List.of("analyze", media.toString(), "--csv", dir.resolve("threads1.csv").toString(),
                "--threads", "1", "-q", "--no-progress"), jar, dir.resolve("threads1.log"));
        report("batch --threads 1", set.size(), mediaSeconds, t1, t1);
        double t2 = time(List.of("analyze", media.toString(), "--csv", dir.resolve("threads2.csv").toString(),
                "--threads", "2", "-q", "--no-progress"), jar, dir.resolve("threads2.log"));
        report("batch --threads 2", set.size(), mediaSeconds, t2, t1);
        if (single > 0) {
            int k = Math.min(single, set.size());
            double total = 0;
            double sampleMedia = 0;
            for (int i = 0; i < k; i++) {
                Generated g = set.get((int) ((long) i * set.size() / k));
                total += time(List.of("analyze", g.file().toString(), "--csv", dir.resolve("single.csv").toString(), "-q",
                        "--no-progress"), jar, dir.resolve("single.log"));
                sampleMedia += g.seconds();
            }
            double perFile = total / k;
            double extrapolated = perFile * set.size();
            System.out.printf(Locale.ROOT, "%-22s %d of %d files timed: %.1f s, %.2f s per file, %.3f files/s, "
                            + "%.2f media s per s (sample); all %d extrapolated: %.0f s (%.2fx batch --threads 1, "
                            + "%.2fx batch --threads 2)%n", "one run per file", k, set.size(), total, perFile, 1 / perFile,
                    sampleMedia / total, set.size(), extrapolated, extrapolated / t1, extrapolated / t2);
        }
    }

    private static void report(String what, int n, double mediaSeconds, double seconds, double base) {
        System.out.printf(Locale.ROOT, "%-22s %.1f s, %.2f files/s, %.2f media s per s (%.2fx --threads 1)%n", what, seconds,
                n / seconds, mediaSeconds / seconds, base / seconds);
    }

    /** Wall seconds of one CLI process; its output goes to {@code log}; a non-zero exit is reported. */
    private static double time(List<String> cliArgs, Path jar, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(cliArgs);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            System.out.println("  (exit " + p.exitValue() + " for " + String.join(" ", cliArgs) + "; see " + log + ")");
        }
        return s;
    }

    /** One generated file and its audio/video length (0 for images and text). */
    record Generated(Path file, String kind, double seconds) {
    }

    private static String kinds(List<Generated> set) {
        java.util.Map<String, Integer> n = new java.util.TreeMap<>();
        set.forEach(g -> n.merge(g.kind(), 1, Integer::sum));
        return n.toString();
    }

    /**
     * Writes {@code n} files below {@code dir} (30% WAV, 25% PNG, 15% JPG, 15% MP4, 10% TXT, 5% SRT) in
     * four subfolders, unless they are there already; a fixed seed per file, so the same set each time.
     */
    static List<Generated> generate(Path dir, int n, BufferedImage face) throws IOException {
        List<Generated> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Random rnd = new Random(42L * 1_000_003 + i);
            int bucket = i * 20 / n;
            String kind = bucket < 6 ? "wav" : bucket < 11 ? "png" : bucket < 14 ? "jpg" : bucket < 17 ? "mp4"
                    : bucket < 19 ? "txt" : "srt";
            Path file = dir.resolve("set" + i % 4).resolve(String.format(Locale.ROOT, "%s-%03d.%s", kind, i, kind));
            Files.createDirectories(file.getParent());
            double seconds = 0;
            switch (kind) {
                case "wav" -> {
                    seconds = 1.5 + 2.5 * rnd.nextDouble();
                    if (!Files.exists(file)) {
                        writeTone(file, seconds, 110 + 140 * rnd.nextDouble(), rnd);
                    }
                }
                case "png", "jpg" -> {
                    if (!Files.exists(file)) {
                        BufferedImage img = drawing(320, 240, rnd, i % 3 == 0 ? face : null, 0);
                        ImageIO.write(kind.equals("jpg") ? rgb(img) : img, kind, file.toFile());
                    }
                }
                case "mp4" -> {
                    seconds = 2.0;
                    if (!Files.exists(file)) {
                        long seed = rnd.nextLong();
                        BufferedImage withFace = i % 2 == 0 ? face : null;
                        VideoWriter.writeH264(file, 20, f -> drawing(320, 240, new Random(seed), withFace, f), 10);
                    }
                }
                case "txt" -> {
                    if (!Files.exists(file)) {
                        Files.writeString(file, SENTENCES[rnd.nextInt(SENTENCES.length)] + "\n");
                    }
                }
                default -> {
                    if (!Files.exists(file)) {
                        StringBuilder srt = new StringBuilder();
                        for (int c = 0; c < 3; c++) {
                            srt.append(c + 1).append('\n').append(String.format(Locale.ROOT,
                                    "00:00:%02d,000 --> 00:00:%02d,500%n", 2 * c, 2 * c + 1));
                            srt.append(SENTENCES[rnd.nextInt(SENTENCES.length)]).append("\n\n");
                        }
                        Files.writeString(file, srt);
                    }
                }
            }
            out.add(new Generated(file, kind, seconds));
        }
        return out;
    }

    /** Shapes on a gradient; the face (if any) pasted at a place that drifts with {@code frame}. */
    private static BufferedImage drawing(int w, int h, Random rnd, BufferedImage face, int frame) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(rnd.nextInt(0xFFFFFF)), w, h, new Color(rnd.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, w, h);
        g.setStroke(new BasicStroke(3));
        for (int s = 0; s < 6; s++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            int x = rnd.nextInt(w) + frame * 2;
            int y = rnd.nextInt(h);
            int size = 20 + rnd.nextInt(60);
            if (s % 2 == 0) {
                g.fillOval(x - size / 2, y - size / 2, size, size);
            } else {
                g.drawRect(x - size / 2, y - size / 2, size, size);
            }
        }
        if (face != null) {
            int size = 150;
            g.drawImage(face, 60 + frame * 2, 40, size, size * face.getHeight() / face.getWidth(), null);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** A voiced tone with harmonics, vibrato and a 4 Hz syllable envelope, 16 kHz mono 16-bit. */
    private static void writeTone(Path file, double seconds, double f0, Random rnd) throws IOException {
        int n = (int) (seconds * RATE);
        ByteBuffer pcm = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        double phase = 0;
        double syllable = 3 + 2 * rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            double f = f0 * (1 + 0.06 * Math.sin(2 * Math.PI * 5 * t) + 0.15 * Math.sin(2 * Math.PI * 0.4 * t));
            phase += 2 * Math.PI * f / RATE;
            double env = Math.max(0, Math.sin(Math.PI * syllable * t));
            double x = env * (0.5 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase))
                    + 0.01 * rnd.nextGaussian();
            pcm.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(x * 20000))));
        }
        AudioFormat fmt = new AudioFormat(RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), fmt, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
