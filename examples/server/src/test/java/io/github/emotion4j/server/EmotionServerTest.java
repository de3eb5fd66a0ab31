package io.github.emotion4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.ModalityResult;
import io.github.emotion4j.core.ModelInfo;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.core.label.Emotion;
import io.github.emotion4j.core.spi.AnalyzerContext;
import io.github.emotion4j.core.spi.ModalityAnalyzer;
import io.github.emotion4j.core.spi.ModalityAnalyzerProvider;
import io.github.emotion4j.core.testing.FakeModalities;
import io.github.emotion4j.server.Http.Form;
import io.github.emotion4j.server.Http.Reply;
import io.github.emotion4j.server.bench.SyntheticWav;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's HTTP behaviour with fake analysers (no models): routing, JSON errors, every limit, the temp
 * folder left empty. Each test starts its own server on an ephemeral port on 127.0.0.1.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against hangs, not a timing assertion
class EmotionServerTest {
    @TempDir
    Path uploads;


    private final List<AutoCloseable> open = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);

    @AfterEach
    void closeAndCheckTempDir() throws Exception {
        release.countDown();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        try (Stream<Path> left = Files.list(uploads)) {
            assertEquals(List.of(), left.toList(), "the temp folder must be empty after the requests");
        }
    }

    private EmotionServer server(ServerLimits limits, ModalityAnalyzerProvider... providers) throws Exception {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder();
        if (providers.length == 0) {
            b.provider(FakeModalities.provider(Modality.AUDIO, true)).provider(FakeModalities.provider(Modality.VISION, true))
                    .provider(FakeModalities.provider(Modality.TEXT, true));
        }
        for (ModalityAnalyzerProvider p : providers) {
            b.provider(p);
        }
        EmotionRecognizer r = b.build();
        open.add(r);
        EmotionServer s = EmotionServer.builder().recognizer(r).port(0).limits(limits).tempDir(uploads).build().start();
        open.add(s);
        return s;
    }

    private EmotionServer server() throws Exception {
        return server(ServerLimits.defaults());
    }

    @Test
    void healthAndModels() throws Exception {
        EmotionServer s = server();
        assertEquals("127.0.0.1", s.host());
        assertTrue(s.port() > 0);
        Reply h = Http.get(s, "/health");
        assertEquals(200, h.status());
        assertEquals("ok", h.json().path("status").asText());
        assertEquals(3, h.json().path("modalities").size());
        Reply m = Http.get(s, "/v1/models");
        assertEquals(200, m.status());
        assertTrue(m.json().path("fusionStrategies").toString().contains("probability"), m.json().toString());
    }

    @Test
    void analyzesJsonText() throws Exception {
        EmotionServer s = server();
        Reply r = Http.postText(s, "", "{\"text\": \"What a lovely surprise!\"}");
        assertEquals(200, r.status(), r.raw().body());
        assertEquals("text", r.json().path("input").asText());
        assertTrue(r.json().has("fused"), r.raw().body());
        assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void analyzesUploadsWithTranscript() throws Exception {
        EmotionServer s = server();
        Form form = new Form().file("media", TestData.resolve("demo/demo.wav"), "audio/wav")
                .file("transcript", TestData.resolve("demo/demo.srt"), "application/x-subrip");
        Reply r = Http.postForm(s, "", form);
        assertEquals(200, r.status(), r.raw().body());
        assertEquals("demo.wav", r.json().path("input").asText());
        Reply text = Http.postForm(s, "", new Form().field("text", "so happy today"));
        assertEquals(200, text.status(), text.raw().body());
    }

    @Test
    void modalitiesAndFusionPerRequestShareTheAnalysers() throws Exception {
        EmotionServer s = server();
        Form form = new Form().file("media", TestData.resolve("demo/face.jpg"), null).field("text", "hello");
        Reply r = Http.postForm(s, "?modalities=vision,text&fusion=late", form);
        assertEquals(200, r.status(), r.raw().body());
        assertFalse(r.json().path("modalities").has("audio"), r.raw().body());
        assertTrue(r.raw().body().contains("late"), r.raw().body());
        Reply unknownFusion = Http.postForm(s, "?fusion=nonsense", new Form().field("text", "x"));
        assertEquals(400, unknownFusion.status());
        assertTrue(unknownFusion.errorMessage().contains("nonsense"), unknownFusion.errorMessage());
    }

    @Test
    void moduleOptionsAreRefusedUnlessAllowed() throws Exception {
        EmotionServer s = server();
        Reply r = Http.postForm(s, "?vision.fps=2", new Form().field("text", "x"));
        assertEquals(400, r.status());
        assertEquals("bad_request", r.errorCode());
        assertTrue(r.errorMessage().contains("modalities and fusion"), r.errorMessage());
        Reply unknown = Http.postForm(s, "?colour=blue", new Form().field("text", "x"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.errorMessage().contains("colour") && unknown.errorMessage().contains("fusion"));
    }

    @Test
    void moduleOptionsGetABoundedCacheOfRecognizers() throws Exception {
        AtomicInteger built = new AtomicInteger();
        EmotionRecognizer base = EmotionRecognizer.builder().provider(FakeModalities.provider(Modality.TEXT, false)).build();
        open.add(base);
        EmotionServer s = EmotionServer.builder().recognizer(base).port(0).tempDir(uploads)
                .requestOptions(options -> {
                    built.incrementAndGet();
                    return EmotionRecognizer.builder().provider(FakeModalities.provider(Modality.TEXT, false)).build();
                }, Set.of("text.batchSize"), 1).build().start();
        open.add(s);
        assertEquals(200, Http.postText(s, "?text.batchSize=4", "{\"text\": \"a\"}").status());
        assertEquals(200, Http.postText(s, "?text.batchSize=4", "{\"text\": \"b\"}").status());
        assertEquals(1, built.get(), "the same option set reuses its recognizer");
        assertEquals(200, Http.postText(s, "?text.batchSize=8", "{\"text\": \"c\"}").status());
        assertEquals(200, Http.postText(s, "?text.batchSize=4", "{\"text\": \"d\"}").status());
        assertEquals(3, built.get(), "at most one option set is kept");
        Reply notAllowed = Http.postText(s, "?audio.encoder=/etc/passwd", "{\"text\": \"x\"}");
        assertEquals(400, notAllowed.status());
        assertTrue(notAllowed.errorMessage().contains("text.batchSize"), notAllowed.errorMessage());
    }

    @Test
    void routingErrorsAreJson() throws Exception {
        EmotionServer s = server();
        Reply missing = Http.get(s, "/v2/nothing");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.errorCode());
        assertEquals(404, missing.json().path("error").path("status").asInt());
        Reply wrongMethod = Http.get(s, "/v1/analyze");
        assertEquals(405, wrongMethod.status());
        assertEquals("POST", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
        Reply notJson = Http.send(HttpRequest.newBuilder(s.uri().resolve("v1/analyze/text"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build());
        assertEquals(415, notJson.status());
        Reply badJson = Http.postText(s, "", "{\"text\": ");
        assertEquals(400, badJson.status());
        assertTrue(badJson.errorMessage().contains("not valid JSON"), badJson.errorMessage());
        Reply noText = Http.postText(s, "", "{\"txt\": \"hi\"}");
        assertEquals(400, noText.status());
        Reply notMultipart = Http.send(HttpRequest.newBuilder(s.uri().resolve("v1/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(415, notMultipart.status());
        Reply empty = Http.postForm(s, "", new Form().field("colour", "blue"));
        assertEquals(400, empty.status());
        assertTrue(empty.errorMessage().contains("media"), empty.errorMessage());
        Reply nothing = Http.postForm(s, "", new Form());
        assertEquals(400, nothing.status());
    }

    @Test
    void unknownMediaTypeIs415() throws Exception {
        EmotionServer s = server();
        Reply r = Http.postForm(s, "", new Form().file("media", "data.bin", "application/octet-stream", new byte[] {1, 2, 3}));
        assertEquals(415, r.status());
        assertEquals("unsupported_media_type", r.errorCode());
        assertTrue(r.errorMessage().contains("data.bin"), r.errorMessage());
        Reply byType = Http.postForm(s, "", new Form().file("media", "blob", "audio/wav", SyntheticWav.wav(0.5, 8000)));
        assertEquals(200, byType.status(), "a known Content-Type is enough: " + byType.raw().body());
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxRequestBytes(64 * 1024));
        Form big = new Form().file("media", "big.wav", "audio/wav", SyntheticWav.wav(10, 16000));
        Reply declared = Http.send(big.request(s.uri().resolve("v1/analyze")).build());
        assertEquals(413, declared.status());
        assertEquals("payload_too_large", declared.errorCode());
        // no Content-Length: the body is streamed (chunked) and cut off by the multipart parser
        byte[] body = big.bytes();
        Reply chunked = Http.send(HttpRequest.newBuilder(s.uri().resolve("v1/analyze")).header("Content-Type", big.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertEquals(413, chunked.status(), chunked.raw().body());
        assertEquals("close", chunked.raw().headers().firstValue("Connection").orElse(""), "the cut-off connection is not reused");
        Reply text = Http.send(HttpRequest.newBuilder(s.uri().resolve("v1/analyze/text")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"text\": \"" + "a".repeat(100_000) + "\"}").getBytes()))).build());
        assertEquals(413, text.status(), text.raw().body());
        assertEquals(200, Http.postText(s, "", "{\"text\": \"still serving\"}").status());
    }

    @Test
    void longTextIs413() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxTextChars(100));
        Reply r = Http.postText(s, "", "{\"text\": \"" + "a".repeat(101) + "\"}");
        assertEquals(413, r.status());
        assertEquals("text_too_long", r.errorCode());
        Reply field = Http.postForm(s, "", new Form().field("text", "b".repeat(101)));
        assertEquals(413, field.status());
    }

    @Test
    void longMediaIs413() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxMediaSeconds(5));
        Reply r = Http.postForm(s, "", new Form().file("media", "long.wav", "audio/wav", SyntheticWav.wav(12, 8000)));
        assertEquals(413, r.status());
        assertEquals("media_too_long", r.errorCode());
        assertTrue(r.errorMessage().contains("12.0 s") && r.errorMessage().contains("long.wav"), r.errorMessage());
        assertEquals(200, Http.postForm(s, "", new Form().file("media", "short.wav", "audio/wav", SyntheticWav.wav(2, 8000))).status());
    }

    @Test
    void beyondTheConcurrencyLimitIs429WithRetryAfter() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxConcurrent(1).withRetryAfterSeconds(3), slow());
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<Reply> first = clients.submit(() -> Http.postForm(s, "", new Form()
                    .file("media", "a.wav", "audio/wav", SyntheticWav.wav(1, 8000))));
            assertTrue(started.await(60, TimeUnit.SECONDS), "the first analysis never started");
            Reply second = Http.postText(s, "", "{\"text\": \"me too\"}");
            assertEquals(429, second.status());
            assertEquals("too_many_requests", second.errorCode());
            assertEquals("3", second.raw().headers().firstValue("Retry-After").orElse(""));
            Reply upload = Http.postForm(s, "", new Form().file("media", "b.wav", "audio/wav", SyntheticWav.wav(1, 8000)));
            assertEquals(429, upload.status());
            release.countDown();
            assertEquals(200, first.get(60, TimeUnit.SECONDS).status());
            assertEquals(0, s.activeAnalyses());
            assertEquals(200, Http.postText(s, "", "{\"text\": \"now\"}").status());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aSlowAnalysisTimesOutWith504AndFreesItsSlot() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxConcurrent(1).withRequestTimeout(Duration.ofMillis(300)), slow());
        Reply r = Http.postForm(s, "", new Form().file("media", "a.wav", "audio/wav", SyntheticWav.wav(1, 8000)));
        assertEquals(504, r.status());
        assertEquals("timeout", r.errorCode());
        for (int i = 0; i < 600 && s.activeAnalyses() > 0; i++) {
            Thread.sleep(50); // the interrupted analysis stops and gives back its slot
        }
        assertEquals(0, s.activeAnalyses());
    }

    @Test
    void closingDuringAnAnalysisStopsItAndDeletesItsUpload() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxConcurrent(1), slow());
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> pending = clients.submit(() -> {
                try {
                    return Http.postForm(s, "", new Form().file("media", "a.wav", "audio/wav", SyntheticWav.wav(1, 8000))).status();
                } catch (IOException e) {
                    return -1; // the connection closed with the server
                }
            });
            assertTrue(started.await(60, TimeUnit.SECONDS), "the analysis never started");
            s.close();
            int status = pending.get(60, TimeUnit.SECONDS);
            assertTrue(status == 503 || status == -1, "status " + status);
            assertEquals(0, s.activeAnalyses());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void thirtyTwoConcurrentClientsAreAllAnswered() throws Exception {
        EmotionServer s = server(ServerLimits.defaults().withMaxConcurrent(32));
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            byte[] wav = SyntheticWav.wav(1, 8000);
            for (int i = 0; i < 32; i++) {
                int n = i;
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return n % 2 == 0 ? Http.postText(s, "", "{\"text\": \"client " + n + "\"}")
                                : Http.postForm(s, "", new Form().file("media", "c" + n + ".wav", "audio/wav", wav));
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, clients));
            }
            for (CompletableFuture<Reply> f : replies) {
                Reply r = f.get(120, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.raw().body());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void jettyOwnErrorsAreJsonToo() throws Exception {
        EmotionServer s = server();
        Reply r = Http.send(HttpRequest.newBuilder(s.uri().resolve("health")).header("X-Big", "x".repeat(20_000)).GET().build());
        assertEquals(431, r.status());
        assertEquals(431, r.json().path("error").path("status").asInt(), r.raw().body());
    }

    @Test
    void theBuilderChecksItsArguments() throws Exception {
        EmotionRecognizer r = EmotionRecognizer.builder().provider(FakeModalities.provider(Modality.TEXT, false)).build();
        open.add(r);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> EmotionServer.builder().build());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EmotionServer.builder().port(70000));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerLimits.defaults().withMaxConcurrent(0));
        EmotionServer a = EmotionServer.builder().recognizer(r).port(0).tempDir(uploads).build().start();
        open.add(a);
        EmotionServer b = EmotionServer.builder().recognizer(r).port(a.port()).tempDir(uploads).build();
        IOException busy = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, b::start);
        assertTrue(busy.getMessage().contains(Integer.toString(a.port())), busy.getMessage());
        a.close();
        a.close();
    }

    /** An audio analyser that waits until the test lets it go (or it is interrupted). */
    private ModalityAnalyzerProvider slow() {
        return new ModalityAnalyzerProvider() {
            @Override
            public String name() {
                return "slow-fake";
            }

            @Override
            public Modality modality() {
                return Modality.AUDIO;
            }

            @Override
            public ModalityAnalyzer create(AnalyzerContext context) {
                return new ModalityAnalyzer() {
                    @Override
                    public Modality modality() {
                        return Modality.AUDIO;
                    }

                    @Override
                    public boolean accepts(MediaInput input) {
                        return true;
                    }

                    @Override
                    public ModalityResult analyze(MediaInput input) throws IOException {
                        started.countDown();
                        try {
                            if (!release.await(120, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("never released");
                            }
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException("interrupted");
                        }
                        return ModalityResult.builder(Modality.AUDIO).distribution(FakeModalities.peaked(Emotion.ANGER, 0.6))
                                .model(new ModelInfo("slow-fake", "1", "0".repeat(64), "java", "cpu")).build();
                    }

                    @Override
                    public List<ModelInfo> models() {
                        return List.of();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
