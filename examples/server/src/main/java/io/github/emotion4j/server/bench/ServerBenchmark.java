package io.github.emotion4j.server.bench;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.server.EmotionServer;
import io.github.emotion4j.server.ServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Measures the REST server: requests per second and p50/p99 latency for a short text
 * ({@code POST /v1/analyze/text}) and a generated 10 s speech-like WAV ({@code POST /v1/analyze}) at
 * several numbers of concurrent clients. Starts a server in this JVM on 127.0.0.1 with the bundled
 * models (so clients and server share the machine), or measures a running one with {@code --url}.
 *
 * <pre>
 * java -cp ... io.github.emotion4j.server.bench.ServerBenchmark [--clients 8,16,32] [--text-requests 200]
 *     [--wav-requests 48] [--wav-seconds 10] [--url http://127.0.0.1:8080/]
 * </pre>
 */
public final class ServerBenchmark {
    private static final String TEXT = "I can't believe we actually won, this is the best day of my life!";

    private ServerBenchmark() {
    }

    /** Runs the benchmark and prints one line per workload and client count. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        List<Integer> clients = List.of(8, 16, 32);
        int textRequests = 200;
        int wavRequests = 48;
        double wavSeconds = 10;
        URI url = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--clients" -> {
                    clients = Arrays.stream(v.split(",")).map(String::strip).map(Integer::parseInt).toList();
                    i++;
                }
                case "--text-requests" -> {
                    textRequests = Integer.parseInt(v);
                    i++;
                }
                case "--wav-requests" -> {
                    wavRequests = Integer.parseInt(v);
                    i++;
                }
                case "--wav-seconds" -> {
                    wavSeconds = Double.parseDouble(v);
                    i++;
                }
                case "--url" -> {
                    url = URI.create(v.endsWith("/") ? v : v + "/");
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + "; use --clients 8,16,32 --text-requests N --wav-requests N --wav-seconds S --url URL");
            }
        }
        System.out.println("emotion4j server benchmark: args " + String.join(" ", args));
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), url == null ? "server in this JVM on 127.0.0.1 (bundled models)" : "server at " + url);
        int maxClients = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        EmotionRecognizer recognizer = null;
        EmotionServer server = null;
        try {
            if (url == null) {
                long t0 = System.nanoTime();
                recognizer = EmotionRecognizer.builder().withDefaultModels().build();
                // every client is let in: the figures measure analyses, not 429s
                server = EmotionServer.builder().recognizer(recognizer).port(0)
                        .limits(ServerLimits.defaults().withMaxConcurrent(maxClients)).build().start();
                url = server.uri();
                System.out.printf(Locale.ROOT, "models loaded and server started in %.1f s; modalities %s%n",
                        (System.nanoTime() - t0) / 1e9, recognizer.modalities());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newFixedThreadPool(4, r -> {
                        Thread t = new Thread(r, "bench-http");
                        t.setDaemon(true);
                        return t;
                    })).build();
            URI textUri = url.resolve("v1/analyze/text");
            String body = "{\"text\": \"" + TEXT + "\"}";
            Supplier<HttpRequest> text = () -> HttpRequest.newBuilder(textUri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            String boundary = "----emotion4jbench";
            byte[] form = form(boundary, SyntheticWav.wav(wavSeconds, 16000));
            URI analyzeUri = url.resolve("v1/analyze?modalities=audio");
            Supplier<HttpRequest> wav = () -> HttpRequest.newBuilder(analyzeUri)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build();
            HttpResponse<String> sample = http.send(wav.get(), HttpResponse.BodyHandlers.ofString());
            String sb = sample.body();
            System.out.printf(Locale.ROOT, "sample wav answer: status %d, %d bytes, evidence %s, %d segments (timeline and audio)%n",
                    sample.statusCode(), sb.length(), sb.contains("\"input\":\"speech.wav\",\"evidence\":true"),
                    count(sb, "\"source\":"));
            System.out.printf(Locale.ROOT, "load average before: %.1f%n", load());
            System.out.printf(Locale.ROOT, "%-22s %8s %9s %8s %10s %10s  %s%n", "workload", "clients", "requests",
                    "req/s", "p50 ms", "p99 ms", "statuses");
            run(http, "text (66 chars)", text, 8, 4, true);
            for (int c : clients) {
                run(http, "text (66 chars)", text, Math.max(textRequests, 2 * c), c, false);
            }
            String wavName = String.format(Locale.ROOT, "wav %.0f s (audio)", wavSeconds);
            run(http, wavName, wav, 4, 2, true);
            for (int c : clients) {
                run(http, wavName, wav, Math.max(wavRequests, c), c, false);
            }
            System.out.printf(Locale.ROOT, "load average after: %.1f%n", load());
        } finally {
            if (server != null) {
                server.close();
            }
            if (recognizer != null) {
                recognizer.close();
            }
        }
    }

    private static void run(HttpClient http, String name, Supplier<HttpRequest> request, int total, int clients,
                            boolean warmup) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    }
                    latencies[i] = System.nanoTime() - t0;
                    synchronized (statuses) {
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (warmup) {
            System.out.printf(Locale.ROOT, "(warm-up: %s, %d requests, %.1f s)%n", name, total, wall);
            return;
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-22s %8d %9d %8.1f %10.0f %10.0f  %s%n", name, clients, total, total / wall,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, statuses);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static byte[] form(String boundary, byte[] wav) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wav.length + 512);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"speech.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(wav);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
