package io.github.emotion4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A small HTTP client for the tests: java.net.http against the server on 127.0.0.1, multipart written by hand. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private Http() {
    }

    /** A response with its body read as JSON. */
    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String errorCode() {
            return json.path("error").path("code").asText();
        }

        String errorMessage() {
            return json.path("error").path("message").asText();
        }
    }

    static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r);
    }

    static Reply get(EmotionServer s, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(s.uri().resolve(path)).GET().build());
    }

    static Reply postText(EmotionServer s, String query, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(s.uri().resolve("v1/analyze/text" + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Reply postForm(EmotionServer s, String query, Form form) throws IOException, InterruptedException {
        return send(form.request(s.uri().resolve("v1/analyze" + query)).build());
    }

    /** A multipart/form-data body. */
    static final class Form {
        private final String boundary = "----emotion4j" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Form field(String name, String value) {
            head("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Form file(String name, String fileName, String contentType, byte[] content) {
            head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Form file(String name, Path file, String contentType) throws IOException {
            return file(name, file.getFileName().toString(), contentType, Files.readAllBytes(file));
        }

        private void head(String s) {
            out.writeBytes(("--" + boundary + "\r\n" + s).getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return all.toByteArray();
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        HttpRequest.Builder request(URI uri) {
            return HttpRequest.newBuilder(uri).header("Content-Type", contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes()));
        }
    }
}
