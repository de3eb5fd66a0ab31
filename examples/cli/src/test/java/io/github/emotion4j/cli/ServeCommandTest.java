package io.github.emotion4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emotion4j.server.EmotionServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code emotion4j serve}: help, argument checks, and a real server on an ephemeral port on 127.0.0.1. */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against hangs, not a timing assertion
class ServeCommandTest {
    @Test
    void helpListsTheEndpointsAndLimits() {
        CliRunner r = CliRunner.run("serve", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("/v1/analyze") && r.out().contains("--max-concurrent") && r.out().contains("--port"), r.toString());
    }

    @Test
    void aBadPortIsAUserError() {
        CliRunner r = CliRunner.run("serve", "--port", "70000", "--modalities", "text");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("port"), r.toString());
    }

    @Test
    void servesTextUntilClosed() throws Exception {
        ServeCommand command = new ServeCommand();
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cl.execute("--port", "0", "--modalities", "text", "--request-options", "none")));
        t.start();
        EmotionServer server = null;
        for (int i = 0; i < 2400 && server == null && t.isAlive(); i++) {
            Thread.sleep(50);
            server = command.running;
        }
        assertNotNull(server, "the server never started: " + out);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.uri().resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"text\""), health.body());
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(server.uri().resolve("v1/analyze/text"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"What a wonderful day!\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, text.statusCode(), text.body());
            assertTrue(text.body().contains("\"schema\":\"emotion4j.prediction/2\""), text.body());
            assertTrue(out.toString().contains("serving") && out.toString().contains(server.uri().toString()), out.toString());
        } finally {
            server.close();
        }
        t.join(TimeUnit.MINUTES.toMillis(2));
        assertEquals(0, code.get(), out.toString());
    }
}
