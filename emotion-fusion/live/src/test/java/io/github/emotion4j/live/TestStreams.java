package io.github.emotion4j.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.emotion4j.core.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Test media and a loopback HTTP server that plays an MPEG-TS file at real-time pace. */
final class TestStreams {
    private TestStreams() {
    }

    /** The bundled demo clip: 10.4 s, a face and three spoken sentences. */
    static Path demo() {
        return TestData.resolve("demo/demo.mp4");
    }

    /** The demo clip remuxed to MPEG-TS (MPEG-4 video, AAC audio), the shape of a live HTTP stream. */
    static synchronized Path demoTs(Path dir) throws IOException {
        Path out = dir.resolve("demo.ts");
        if (Files.isRegularFile(out)) {
            return out;
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(demo().toFile())) {
            g.start();
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), g.getImageWidth(), g.getImageHeight(),
                    g.getAudioChannels());
            r.setFormat("mpegts");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setVideoBitrate(1_000_000);
            r.setFrameRate(g.getFrameRate());
            r.setGopSize(10);
            r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            r.setSampleRate(g.getSampleRate());
            r.setAudioBitrate(64_000);
            r.start();
            Frame f;
            while ((f = g.grab()) != null) {
                r.record(f);
            }
            r.stop();
            r.release();
        }
        return out;
    }

    /**
     * Serves byte ranges of a file at a fixed byte rate (the file's size over its duration), so a
     * client sees a live stream. Each request gets the range the plan gives for its number
     * (0-based); null answers 404. {@link #pullPlug()} ends the current response at once;
     * {@link #stop()} closes the server and its connections.
     */
    static final class PacedServer implements AutoCloseable {
        private final HttpServer server;
        private final byte[] data;
        private final double bytesPerSecond;
        private final IntFunction<long[]> plan;
        private final AtomicInteger requests = new AtomicInteger();
        private final List<Long> sent = new ArrayList<>();
        private volatile boolean cut;
        private volatile boolean stall;

        PacedServer(Path file, double seconds, IntFunction<long[]> plan) throws IOException {
            this.data = Files.readAllBytes(file);
            this.bytesPerSecond = data.length / seconds;
            this.plan = plan;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/live.ts", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
        }

        /** Serves the whole file once per request. */
        static PacedServer whole(Path file, double seconds) throws IOException {
            return new PacedServer(file, seconds, n -> new long[] {0, Long.MAX_VALUE});
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live.ts");
        }

        int requests() {
            return requests.get();
        }

        long size() {
            return data.length;
        }

        /** Ends the response in progress (the connection closes as if the cable was pulled). */
        void pullPlug() {
            cut = true;
        }

        /** Keeps the connection open but sends nothing more. */
        void stall() {
            stall = true;
        }

        void stop() {
            cut = true;
            server.stop(0);
        }

        @Override
        public void close() {
            stop();
        }

        private void handle(HttpExchange ex) throws IOException {
            int n = requests.getAndIncrement();
            long[] range = plan.apply(n);
            if (range == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            cut = false;
            int from = (int) Math.min(data.length, range[0]);
            int to = (int) Math.min(data.length, range[1]);
            ex.getResponseHeaders().set("Content-Type", "video/mp2t");
            ex.sendResponseHeaders(200, 0);
            long start = System.nanoTime();
            int chunk = 188 * 16;
            try (OutputStream out = ex.getResponseBody()) {
                for (int pos = from; pos < to && !cut; ) {
                    while (stall && !cut) {
                        sleep(20);
                    }
                    int len = Math.min(chunk, to - pos);
                    out.write(data, pos, len);
                    out.flush();
                    pos += len;
                    long due = start + (long) ((pos - from) / bytesPerSecond * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait / 1_000_000);
                    }
                }
            } catch (IOException e) {
                // the client went away or the server stopped
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
