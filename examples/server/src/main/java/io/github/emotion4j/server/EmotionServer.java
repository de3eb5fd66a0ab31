package io.github.emotion4j.server;

import io.github.emotion4j.core.EmotionRecognizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/JSON server around one shared {@link EmotionRecognizer}, on embedded Jetty 12.
 *
 * <pre>{@code
 * try (EmotionRecognizer r = EmotionRecognizer.builder().withDefaultModels().build();
 *      EmotionServer server = EmotionServer.builder().recognizer(r).port(0).build().start()) {
 *     System.out.println(server.uri());   // http://127.0.0.1:PORT/
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /v1/analyze} (multipart: a {@code media} file and/or {@code text} /
 * {@code transcript}), {@code POST /v1/analyze/text} (JSON {@code {"text": "..."}}), {@code GET /v1/models},
 * {@code GET /health}; the answer of an analysis is {@link io.github.emotion4j.writers.PredictionJson}'s
 * JSON, an error is {@code {"error": {"status", "code", "message"}}}. {@link ServerLimits} bounds request
 * size, media duration, concurrent analyses and time per analysis.
 *
 * <p>Per request, {@code modalities} and {@code fusion} are always allowed (cheap views sharing the
 * recognizer's analysers); module options such as {@code vision.fps} only when {@link Builder#requestOptions}
 * names them, each distinct set on a recognizer of its own (a few kept, least recently used closed).
 *
 * <p>Thread-safe. {@link #close()} stops listening, interrupts running analyses and is idempotent; it does
 * not close the recognizer, which the caller owns.
 */
public final class EmotionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmotionServer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Server jetty;
    private final ServerConnector connector;
    private final ExecutorService analysisPool;
    private final ExecutorService viewPool;
    private final Recognizers recognizers;
    private final ApiHandler handler;
    private final String host;
    private volatile boolean started;
    private volatile boolean closed;

    private EmotionServer(Builder b) {
        this.host = b.host;
        ServerLimits limits = b.limits;
        this.analysisPool = Executors.newFixedThreadPool(limits.maxConcurrent(), daemon("emotion4j-server-analysis-"));
        this.viewPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("emotion4j-server-modality-"));
        this.recognizers = new Recognizers(b.recognizer, b.factory, b.optionKeys, b.maxOptionSets, viewPool);
        this.handler = new ApiHandler(recognizers, limits, b.tempDir, analysisPool);
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(64, 4 * limits.maxConcurrent() + 32), 4);
        threads.setName("emotion4j-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(b.host);
        connector.setPort(b.port);
        jetty.addConnector(connector);
        jetty.setHandler(handler);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(5_000);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts listening.
     *
     * @return this server
     * @throws IOException when the address cannot be bound (in use, not local, no permission)
     */
    public synchronized EmotionServer start() throws IOException {
        if (closed) {
            throw new IllegalStateException("server is closed");
        }
        if (started) {
            return this;
        }
        try {
            jetty.start();
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen on " + host + ":" + connector.getPort() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            close();
            if (e.getCause() instanceof BindException be) {
                throw new IOException("cannot listen on " + host + ":" + connector.getPort() + ": " + be.getMessage(), be);
            }
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
        started = true;
        LOG.info("emotion4j server listening on {}", uri());
        return this;
    }

    /** The port listened on (the one the system chose when built with port 0); -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The host or address listened on. */
    public String host() {
        return host;
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Analyses running now (or stopping after a timeout). */
    public int activeAnalyses() {
        return handler.activeAnalyses();
    }

    /** Waits until the server is closed. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Stops listening, interrupts running analyses and closes the recognizers built for request options. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        for (Runnable never : analysisPool.shutdownNow()) {
            if (never instanceof ApiHandler.Job job) {
                job.abandon();
            }
        }
        try {
            if (!analysisPool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("analyses still running after 10 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        viewPool.shutdown();
        recognizers.close();
    }

    /** Answers the errors Jetty itself raises (bad request lines, oversized headers) with the same JSON as the API. */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            String m = message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            Content.Sink.write(response, true, ApiHandler.errorJson(code, codeFor(code), m), callback);
        }

        private static String codeFor(int status) {
            return switch (status) {
                case 400 -> "bad_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 408 -> "request_timeout";
                case 413 -> "payload_too_large";
                case 414 -> "uri_too_long";
                case 415 -> "unsupported_media_type";
                case 431 -> "headers_too_large";
                case 503 -> "unavailable";
                default -> status >= 500 ? "internal" : "bad_request";
            };
        }
    }

    /** Configures a server. {@link #build()} checks the combination. Not thread-safe. */
    public static final class Builder {
        private EmotionRecognizer recognizer;
        private String host = "127.0.0.1";
        private int port = 8080;
        private ServerLimits limits = ServerLimits.defaults();
        private Path tempDir;
        private RecognizerFactory factory;
        private Set<String> optionKeys = Set.of();
        private int maxOptionSets;

        private Builder() {
        }

        /** The recognizer every request uses (required; shared by all requests; the caller closes it). */
        public Builder recognizer(EmotionRecognizer r) {
            recognizer = Objects.requireNonNull(r, "recognizer");
            return this;
        }

        /** The address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} listens on every interface). */
        public Builder host(String h) {
            host = Objects.requireNonNull(h, "host");
            return this;
        }

        /** The port (default 8080; 0 lets the system choose, see {@link EmotionServer#port()}). */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + p);
            }
            port = p;
            return this;
        }

        /** The limits (default {@link ServerLimits#defaults()}). */
        public Builder limits(ServerLimits l) {
            limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /** Where uploads are stored while they are analysed (default {@code java.io.tmpdir}); one file per upload. */
        public Builder tempDir(Path dir) {
            tempDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Lets requests set these module options (e.g. {@code vision.fps}, {@code audio.vad}) as query
         * parameters. Each distinct set is analysed by a recognizer the factory builds on first use; at
         * most {@code maxSets} are kept, the least recently used closed once idle. Do not allow options
         * that name files on the server ({@code audio.encoder}, {@code vision.dynamics.weights}).
         */
        public Builder requestOptions(RecognizerFactory f, Set<String> keys, int maxSets) {
            Objects.requireNonNull(f, "factory");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("name at least one option key");
            }
            if (maxSets < 1) {
                throw new IllegalArgumentException("maxSets must be >= 1, was " + maxSets);
            }
            factory = f;
            optionKeys = Set.copyOf(keys);
            maxOptionSets = maxSets;
            return this;
        }

        /** A server, not yet listening: call {@link EmotionServer#start()}. */
        public EmotionServer build() {
            if (recognizer == null) {
                throw new IllegalStateException("recognizer(...) is required");
            }
            if (tempDir == null) {
                tempDir = Path.of(System.getProperty("java.io.tmpdir"));
            }
            if (!Files.isDirectory(tempDir)) {
                throw new UncheckedIOException(new IOException("temp folder " + tempDir + " does not exist"));
            }
            return new EmotionServer(this);
        }
    }
}
