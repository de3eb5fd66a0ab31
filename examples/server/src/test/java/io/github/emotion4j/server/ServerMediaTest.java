package io.github.emotion4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.TestData;
import io.github.emotion4j.server.Http.Form;
import io.github.emotion4j.server.Http.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the bundled models and the demo media ({@code src-test-data/demo}): video with subtitles,
 * speech, a face photo, corrupt files, a module option per request, the model listing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against hangs, not a timing assertion
class ServerMediaTest {
    @TempDir
    static Path uploads;

    private static EmotionRecognizer recognizer;
    private static EmotionServer server;

    @BeforeAll
    static void start() throws Exception {
        recognizer = EmotionRecognizer.builder().withDefaultModels().build();
        server = EmotionServer.builder().recognizer(recognizer).port(0).tempDir(uploads)
                .requestOptions(options -> {
                    EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels();
                    options.forEach(b::option);
                    return b.build();
                }, Set.of("vision.fps"), 1)
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (recognizer != null) {
            recognizer.close();
        }
    }

    @AfterEach
    void tempFolderIsEmpty() throws Exception {
        try (Stream<Path> left = Files.list(uploads)) {
            assertEquals(List.of(), left.toList(), "uploads must be deleted after each request");
        }
    }

    @Test
    void demoVideoWithSubtitles() throws Exception {
        Form form = new Form().file("media", TestData.resolve("demo/demo.mp4"), "video/mp4")
                .file("transcript", TestData.resolve("demo/demo.srt"), null);
        Reply r = Http.postForm(server, "?fusion=moe", form);
        assertEquals(200, r.status(), r.raw().body());
        JsonNode j = r.json();
        assertEquals("emotion4j.prediction/2", j.path("schema").asText());
        assertEquals("demo.mp4", j.path("input").asText());
        for (String m : List.of("audio", "vision", "text")) {
            assertTrue(j.path("modalities").has(m), "missing " + m + ": " + r.raw().body());
        }
        assertTrue(j.path("timeline").size() > 0, r.raw().body());
        assertEquals("moe", j.path("fusion").path("strategy").asText(), j.path("fusion").toString());
    }

    @Test
    void speechAndFace() throws Exception {
        Reply speech = Http.postForm(server, "", new Form().file("media", TestData.resolve("demo/demo.wav"), "audio/wav"));
        assertEquals(200, speech.status(), speech.raw().body());
        assertTrue(speech.json().path("modalities").has("audio"), speech.raw().body());
        Reply face = Http.postForm(server, "", new Form().file("media", TestData.resolve("demo/face.jpg"), "image/jpeg"));
        assertEquals(200, face.status(), face.raw().body());
        assertTrue(face.json().path("evidence").asBoolean(), face.raw().body());
        assertTrue(face.json().path("modalities").has("vision"), face.raw().body());
    }

    @Test
    void textEndpointOnTheRealModel() throws Exception {
        Reply r = Http.postText(server, "", "{\"text\": \"I am so angry with you, this is outrageous!\"}");
        assertEquals(200, r.status(), r.raw().body());
        assertTrue(r.json().path("modalities").has("text"));
        assertFalse(r.json().path("provenance").path("models").isEmpty(), r.raw().body());
    }

    @Test
    void corruptMediaIs400NamingTheProblem() throws Exception {
        byte[] video = Files.readAllBytes(TestData.resolve("demo/demo.mp4"));
        byte[] truncated = Arrays.copyOf(video, 1500);
        Reply r = Http.postForm(server, "", new Form().file("media", "broken.mp4", "video/mp4", truncated));
        assertEquals(400, r.status(), r.raw().body());
        assertEquals("bad_media", r.errorCode());
        String message = r.errorMessage();
        assertTrue(message.contains("broken.mp4"), message);
        assertFalse(message.contains("emotion4j-upload") || message.contains(uploads.toString()), message);
        assertFalse(r.raw().body().contains("\tat ") || r.raw().body().contains("Exception:"), r.raw().body());

        Reply wav = Http.postForm(server, "", new Form().file("media", "empty.wav", "audio/wav", new byte[44]));
        assertEquals(400, wav.status(), wav.raw().body());
        assertTrue(wav.errorMessage().contains("empty.wav"), wav.errorMessage());

        // bytes in no format the decoders know: the library calls that unsupported media
        Reply noise = Http.postForm(server, "", new Form().file("media", "photo.jpg", "image/jpeg", "not a jpeg".getBytes()));
        assertEquals(415, noise.status(), noise.raw().body());
        assertEquals("unsupported_media", noise.errorCode());
        assertTrue(noise.errorMessage().contains("photo.jpg"), noise.errorMessage());
    }

    @Test
    void visionFpsPerRequest() throws Exception {
        Reply r = Http.postForm(server, "?vision.fps=2&modalities=vision",
                new Form().file("media", TestData.resolve("demo/demo.mp4"), "video/mp4"));
        assertEquals(200, r.status(), r.raw().body());
        assertEquals(Set.of("vision"), fieldNames(r.json().path("modalities")));
        Reply bad = Http.postForm(server, "?vision.fps=-1", new Form().file("media", TestData.resolve("demo/face.jpg"), "image/jpeg"));
        assertEquals(400, bad.status(), bad.raw().body());
        assertTrue(bad.errorMessage().contains("vision.fps"), bad.errorMessage());
    }

    @Test
    void modelsListsCards() throws Exception {
        Reply r = Http.get(server, "/v1/models");
        assertEquals(200, r.status());
        JsonNode models = r.json().path("models");
        assertTrue(models.size() >= 3, r.raw().body());
        boolean faceNet = false;
        for (JsonNode m : models) {
            for (String f : List.of("id", "version", "task", "labels", "license", "source")) {
                assertTrue(m.has(f), f + " missing in " + m);
            }
            faceNet |= m.path("id").asText().equals("face-expression-net");
        }
        assertTrue(faceNet, r.raw().body());
        assertTrue(r.json().path("fusionStrategies").toString().contains("moe"), r.raw().body());
    }

    private static Set<String> fieldNames(JsonNode n) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
