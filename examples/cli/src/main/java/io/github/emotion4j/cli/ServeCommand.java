package io.github.emotion4j.cli;

import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.server.EmotionServer;
import io.github.emotion4j.server.ServerLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emotion4j serve}: the REST server ({@code examples/server/README.md}) on one shared recognizer. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves emotion recognition over HTTP: POST /v1/analyze (multipart upload), POST /v1/analyze/text "
                + "(JSON), GET /v1/models, GET /health. Runs until stopped (Ctrl-C).",
                "Listens on 127.0.0.1 unless --host says otherwise; the API has no authentication."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 = every interface).")
    String host;

    @Option(names = "--modalities", split = ",", paramLabel = "audio,vision,text",
            description = "Modalities to load (default: every modality module on the classpath).")
    List<String> modalities;

    @Option(names = "--fusion", paramLabel = "probability|attention|moe|late|product", defaultValue = "probability",
            description = "Fusion when a request names none (default: ${DEFAULT-VALUE}).")
    String fusion;

    @Mixin
    RecognizerOptions recognizer;

    @Option(names = "--max-request-mb", paramLabel = "MB", defaultValue = "100",
            description = "Largest request body in MiB; larger gets 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestMb;

    @Option(names = "--max-media-seconds", paramLabel = "S", defaultValue = "600",
            description = "Longest audio or video in seconds; longer gets 413 (default: ${DEFAULT-VALUE}).")
    double maxMediaSeconds;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Analyses at once; more get 429 with Retry-After (default: max(2, cores)).")
    Integer maxConcurrent;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "120",
            description = "Seconds one analysis may take; longer gets 504 (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-text-chars", paramLabel = "N", defaultValue = "100000",
            description = "Longest text or transcript field; longer gets 413 (default: ${DEFAULT-VALUE}).")
    int maxTextChars;

    @Option(names = "--request-options", split = ",", paramLabel = "KEY,...", defaultValue = "vision.fps",
            description = "Module options a request may set as query parameters (default: ${DEFAULT-VALUE}; 'none' "
                    + "for none). Each distinct set loads its own models. modalities and fusion are always allowed.")
    List<String> requestOptions;

    @Option(names = "--max-option-sets", paramLabel = "N", defaultValue = "2",
            description = "Recognizers kept for distinct request option sets (default: ${DEFAULT-VALUE}).")
    int maxOptionSets;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Folder for uploads while they are analysed (default: java.io.tmpdir); one file per upload, deleted after it.")
    Path tempDir;

    /** The running server, for tests (null before it listens). */
    volatile EmotionServer running;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], was " + port);
        }
        if (maxRequestMb < 1 || maxRequestMb > (Long.MAX_VALUE >> 20)) {
            throw new IllegalArgumentException("--max-request-mb must be >= 1, was " + maxRequestMb);
        }
        ServerLimits defaults = ServerLimits.defaults();
        ServerLimits limits = new ServerLimits(maxRequestMb << 20, maxMediaSeconds,
                maxConcurrent != null ? maxConcurrent : defaults.maxConcurrent(),
                Duration.ofMillis(Math.round(timeoutSeconds * 1000)), maxTextChars, defaults.retryAfterSeconds());
        Set<String> perRequest = new LinkedHashSet<>();
        for (String k : requestOptions) {
            if (!k.isBlank() && !k.strip().equalsIgnoreCase("none")) {
                perRequest.add(k.strip());
            }
        }
        perRequest.removeAll(recognizer.options.keySet()); // fixed with --option: not changed per request
        EmotionRecognizer base = builder().build();
        EmotionServer server;
        try {
            EmotionServer.Builder sb = EmotionServer.builder().recognizer(base).host(host).port(port).limits(limits);
            if (tempDir != null) {
                sb.tempDir(tempDir);
            }
            if (!perRequest.isEmpty()) {
                sb.requestOptions(options -> {
                    EmotionRecognizer.Builder b = builder();
                    options.forEach(b::option);
                    return b.build();
                }, perRequest, maxOptionSets);
            }
            server = sb.build().start();
        } catch (RuntimeException | java.io.IOException e) {
            base.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            server.close();
            base.close();
        }, "emotion4j-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("emotion4j " + EmotionRecognizer.VERSION + " serving " + base.modalities() + " on " + server.uri()
                    + "  (POST /v1/analyze, POST /v1/analyze/text, GET /v1/models, GET /health; Ctrl-C stops)");
            out.flush();
            running = server;
            server.join();
        } finally {
            running = null;
            server.close();
            base.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (closing twice is harmless)
            }
        }
        return 0;
    }

    private EmotionRecognizer.Builder builder() throws ModelLoadException {
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels().fusion(Fusions.named(fusion));
        if (modalities != null && !modalities.isEmpty()) {
            b.modalities(AnalyzeCommand.parseModalities(modalities));
        }
        return recognizer.apply(b);
    }
}
