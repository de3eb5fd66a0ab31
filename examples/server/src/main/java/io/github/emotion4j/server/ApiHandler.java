package io.github.emotion4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.MediaInput;
import io.github.emotion4j.core.MediaKind;
import io.github.emotion4j.core.UnsupportedMediaException;
import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.writers.PredictionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes and answers the API: {@code POST /v1/analyze} (multipart), {@code POST /v1/analyze/text} (JSON),
 * {@code GET /v1/models}, {@code GET /health}. Every error is a JSON body
 * {@code {"error": {"status", "code", "message"}}}; no stack trace leaves the server. Each upload is one
 * temporary file, deleted when its analysis ends. Thread-safe.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String BODY_STREAM = ApiHandler.class.getName() + ".body";
    private static final long DRAIN_MAX = 8L << 20;
    private static final String CLOSE = ApiHandler.class.getName() + ".close";
    private static final Map<String, String> TYPE_EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", "jpg"), Map.entry("image/jpg", "jpg"), Map.entry("image/png", "png"),
            Map.entry("image/gif", "gif"), Map.entry("image/bmp", "bmp"), Map.entry("image/webp", "webp"),
            Map.entry("image/tiff", "tiff"), Map.entry("audio/wav", "wav"), Map.entry("audio/x-wav", "wav"),
            Map.entry("audio/wave", "wav"), Map.entry("audio/vnd.wave", "wav"), Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/mp3", "mp3"), Map.entry("audio/flac", "flac"), Map.entry("audio/x-flac", "flac"),
            Map.entry("audio/ogg", "ogg"), Map.entry("audio/opus", "opus"), Map.entry("audio/mp4", "m4a"),
            Map.entry("audio/aac", "aac"), Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"),
            Map.entry("video/quicktime", "mov"), Map.entry("video/x-matroska", "mkv"), Map.entry("video/x-msvideo", "avi"),
            Map.entry("video/mpeg", "mpg"), Map.entry("text/plain", "txt"), Map.entry("application/x-subrip", "srt"),
            Map.entry("text/vtt", "vtt"));

    private final Recognizers recognizers;
    private final ServerLimits limits;
    private final Path tempDir;
    private final ExecutorService analysisPool;
    private final Semaphore slots;
    private static final ObjectWriter COMPACT = PredictionJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper mapper = PredictionJson.mapper();
    private final String models;

    ApiHandler(Recognizers recognizers, ServerLimits limits, Path tempDir, ExecutorService analysisPool) {
        this.recognizers = recognizers;
        this.limits = limits;
        this.tempDir = tempDir;
        this.analysisPool = analysisPool;
        this.slots = new Semaphore(limits.maxConcurrent());
        try {
            this.models = COMPACT.writeValueAsString(ModelListing.of(recognizers.base()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model listing", e);
        }
    }

    /** Analyses running or waiting to stop after a timeout. */
    int activeAnalyses() {
        return limits.maxConcurrent() - slots.availablePermits();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            switch (path) {
                case "/v1/analyze" -> {
                    requireMethod(method, "POST");
                    respond(response, callback, 200, analyzeMultipart(request));
                }
                case "/v1/analyze/text" -> {
                    requireMethod(method, "POST");
                    respond(response, callback, 200, analyzeText(request));
                }
                case "/v1/models" -> {
                    requireMethod(method, "GET");
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
                    Content.Sink.write(response, true, models, callback);
                }
                case "/health" -> {
                    requireMethod(method, "GET");
                    respond(response, callback, 200, health());
                }
                default -> throw new ApiException(404, "not_found", "no endpoint " + path
                        + "; endpoints: POST /v1/analyze, POST /v1/analyze/text, GET /v1/models, GET /health");
            }
        } catch (ApiException e) {
            if (request.getAttribute(CLOSE) != null || !drain(request)) {
                // what is left of the body cannot be read: tell the client not to send another request on this connection
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            error(response, callback, e);
        } catch (RuntimeException | Error e) {
            LOG.error("{} {} failed", method, path, e);
            error(response, callback, new ApiException(500, "internal", "internal error ("
                    + e.getClass().getSimpleName() + "); the server log has the details"));
        }
        return true;
    }

    /**
     * Reads and discards what is left of a refused request's body (at most {@value #DRAIN_MAX} bytes), so
     * that a client still sending it gets to read the error instead of a reset connection. Larger bodies
     * are cut off: Jetty closes the connection.
     *
     * @return whether the whole body has been read
     */
    private static boolean drain(Request request) {
        if (request.getMethod().equals("GET") || request.getLength() == 0) {
            return true;
        }
        if (request.getLength() > DRAIN_MAX) {
            return false;
        }
        try {
            InputStream in = request.getAttribute(BODY_STREAM) instanceof InputStream s ? s : Content.Source.asInputStream(request);
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > DRAIN_MAX) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the body cannot be read any more (the multipart parser failed it)
        }
    }

    private static void requireMethod(String method, String allowed) throws ApiException {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed here; use " + allowed,
                    Map.of("Allow", allowed));
        }
    }

    private ObjectNode health() {
        ObjectNode n = mapper.createObjectNode();
        n.put("status", "ok");
        n.put("version", EmotionRecognizer.VERSION);
        var mods = n.putArray("modalities");
        recognizers.base().modalities().forEach(m -> mods.add(m.word()));
        n.put("activeAnalyses", activeAnalyses());
        n.put("maxConcurrent", limits.maxConcurrent());
        return n;
    }

    // ---------------------------------------------------------------- /v1/analyze/text

    private ObjectNode analyzeText(Request request) throws ApiException {
        String type = contentType(request);
        if (!type.startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "POST /v1/analyze/text takes application/json "
                    + "like {\"text\": \"...\"}, got " + (type.isEmpty() ? "no Content-Type" : type));
        }
        // a JSON text needs at most 6 bytes a character (UTF-8 and escapes) and a little room for the rest
        long cap = Math.min(limits.maxRequestBytes(), 6L * limits.maxTextChars() + 64 * 1024);
        if (request.getLength() > cap) {
            throw tooLarge(cap);
        }
        Map<String, String> params = query(request);
        RequestOptions options = RequestOptions.parse(params, recognizers.allowedOptions());
        String text;
        byte[] body;
        InputStream in = Content.Source.asInputStream(request);
        request.setAttribute(BODY_STREAM, in); // not closed: drain(...) reads the rest of an oversized body from it
        try {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
        } catch (IOException e) {
            throw badUpload(e);
        }
        if (body.length > cap) {
            throw tooLarge(cap);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object like {\"text\": \"...\"}");
        }
        JsonNode t = root.get("text");
        if (t == null || !t.isTextual()) {
            throw ApiException.badRequest("the body needs a string field \"text\"");
        }
        text = t.asText();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("fusion")) {
                if (!root.get(f).isTextual()) {
                    throw ApiException.badRequest("\"fusion\" must be a string such as \"moe\"");
                }
                if (options.fusion().isPresent()) {
                    throw ApiException.badRequest("fusion is given both as a query parameter and in the body");
                }
                options = new RequestOptions(options.modalities(), java.util.Optional.of(root.get(f).asText()),
                        options.moduleOptions());
            } else if (!f.equals("text")) {
                throw ApiException.badRequest("unknown field \"" + f + "\"; valid fields: text, fusion");
            }
        }
        checkText(text, "text");
        recognizers.check(options);
        EmotionPrediction p = analyze(options, MediaInput.ofText(text), new Uploads(null));
        return PredictionJson.toTree(p, "text");
    }

    // ---------------------------------------------------------------- /v1/analyze

    private ObjectNode analyzeMultipart(Request request) throws ApiException {
        String type = contentType(request);
        if (!type.startsWith("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type", "POST /v1/analyze takes multipart/form-data with a "
                    + "'media' file part and/or a 'text' or 'transcript' field (JSON text goes to /v1/analyze/text), got "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        checkLength(request);
        RequestOptions options = RequestOptions.parse(query(request), recognizers.allowedOptions());
        recognizers.check(options);
        if (!slots.tryAcquire()) {
            throw busy();
        }
        Uploads uploads = null;
        boolean handedOff = false;
        try {
            MultiPartFormData.Parts parts;
            try {
                parts = MultiPartFormData.getParts(request, request, request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                        multipartConfig());
            } catch (Exception e) {
                // after a failed multipart parse Jetty may drop the connection: the client must not reuse it
                request.setAttribute(CLOSE, Boolean.TRUE);
                throw badUpload(e);
            }
            uploads = new Uploads(parts);
            MediaInput input = input(parts, uploads);
            handedOff = true;
            EmotionPrediction p = analyzeHoldingSlot(options, input, uploads);
            return PredictionJson.toTree(p, uploads.mediaName != null ? uploads.mediaName : "text");
        } finally {
            if (!handedOff) {
                if (uploads != null) {
                    uploads.close();
                }
                slots.release();
            }
        }
    }

    private MultiPartConfig multipartConfig() {
        long memory = Math.max(64 * 1024, 4L * limits.maxTextChars() + 1024);
        return new MultiPartConfig.Builder().location(tempDir).maxParts(8).maxSize(limits.maxRequestBytes())
                .maxPartSize(limits.maxRequestBytes()).maxMemoryPartSize(memory).useFilesForPartsWithoutFileName(false)
                .build();
    }

    /** Turns the parts into an input; the files it writes are registered with {@code uploads}. */
    private MediaInput input(MultiPartFormData.Parts parts, Uploads uploads) throws ApiException {
        MultiPart.Part media = null;
        String text = null;
        MultiPart.Part transcript = null;
        for (MultiPart.Part part : parts) {
            String name = part.getName() == null ? "" : part.getName();
            switch (name) {
                case "media", "file" -> {
                    if (media != null) {
                        throw ApiException.badRequest("send one media file per request");
                    }
                    media = part;
                }
                case "text" -> text = part.getContentAsString(StandardCharsets.UTF_8);
                case "transcript" -> transcript = part;
                default -> throw ApiException.badRequest("unknown form field '" + name
                        + "'; valid fields: media (a file), text, transcript (text or an .srt/.vtt/.txt file)");
            }
        }
        Path transcriptFile = null;
        String transcriptText = null;
        if (transcript != null) {
            if (text != null) {
                throw ApiException.badRequest("give either 'text' or 'transcript', not both");
            }
            if (transcript.getFileName() != null) {
                String ext = extension(transcript.getFileName(), transcript.getHeaders().get(HttpHeader.CONTENT_TYPE));
                if (!List.of("srt", "vtt", "txt").contains(ext)) {
                    throw new ApiException(415, "unsupported_media_type", "the transcript file '"
                            + clientName(transcript.getFileName()) + "' must be .srt, .vtt or .txt");
                }
                transcriptFile = uploads.save(transcript, ext, clientName(transcript.getFileName()));
            } else {
                transcriptText = transcript.getContentAsString(StandardCharsets.UTF_8);
            }
        } else {
            transcriptText = text;
        }
        if (transcriptText != null) {
            checkText(transcriptText, transcript != null ? "transcript" : "text");
        }
        if (media == null) {
            if (transcriptFile != null) {
                return MediaInput.ofFile(transcriptFile);
            }
            if (transcriptText == null) {
                throw ApiException.badRequest("nothing to analyse: send a 'media' file part and/or a 'text' field");
            }
            return MediaInput.ofText(transcriptText);
        }
        String clientName = clientName(media.getFileName() == null ? "upload" : media.getFileName());
        String ext = extension(clientName, media.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (ext == null) {
            throw new ApiException(415, "unsupported_media_type", "cannot tell what '" + clientName + "' ("
                    + contentTypeOr(media) + ") holds; send an image (.jpg, .png ...), audio (.wav, .mp3 ...), video "
                    + "(.mp4, .mkv ...), .txt, .srt or .vtt, named with its extension or sent with its Content-Type");
        }
        Path file = uploads.save(media, ext, clientName);
        uploads.mediaName = clientName;
        MediaKind kind = MediaKind.of(file);
        if (kind == MediaKind.AUDIO || kind == MediaKind.VIDEO) {
            OptionalDouble seconds = MediaDuration.seconds(file);
            if (seconds.isPresent() && seconds.getAsDouble() > limits.maxMediaSeconds()) {
                throw new ApiException(413, "media_too_long", String.format(Locale.ROOT,
                        "'%s' is %.1f s long; this server analyses at most %.0f s", clientName, seconds.getAsDouble(),
                        limits.maxMediaSeconds()));
            }
        }
        MediaInput in = MediaInput.ofFile(file);
        if (transcriptFile != null) {
            in = in.withTranscript(transcriptFile);
        } else if (transcriptText != null) {
            in = in.withTranscript(transcriptText);
        }
        return in;
    }

    private static String contentTypeOr(MultiPart.Part part) {
        String t = part.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return t == null ? "no Content-Type" : t;
    }

    /** The extension to store an upload under: the client's, when emotion4j knows it; else one for its Content-Type. */
    static String extension(String fileName, String contentType) {
        if (fileName != null) {
            int dot = fileName.lastIndexOf('.');
            if (dot >= 0 && MediaKind.of(Path.of("x" + fileName.substring(dot).toLowerCase(Locale.ROOT))) != MediaKind.UNKNOWN) {
                return fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
            }
        }
        if (contentType != null) {
            String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return TYPE_EXTENSIONS.get(t);
        }
        return null;
    }

    /** The client's file name, reduced to a safe last path segment for messages and the JSON {@code input}. */
    static String clientName(String raw) {
        String n = raw.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (n.length() > 120) {
            n = n.substring(n.length() - 120);
        }
        return n.isEmpty() ? "upload" : n;
    }

    // ---------------------------------------------------------------- analysis

    private EmotionPrediction analyze(RequestOptions options, MediaInput input, Uploads uploads) throws ApiException {
        if (!slots.tryAcquire()) {
            uploads.close();
            throw busy();
        }
        return analyzeHoldingSlot(options, input, uploads);
    }

    /**
     * Runs one analysis on the analysis pool and waits at most the request timeout. The job releases the
     * slot and deletes the uploads when it ends, also after a timeout (it is interrupted then).
     */
    private EmotionPrediction analyzeHoldingSlot(RequestOptions options, MediaInput input, Uploads uploads)
            throws ApiException {
        Job job = new Job(options, input, uploads);
        try {
            analysisPool.execute(job);
        } catch (RuntimeException e) {
            job.abandon();
            throw new ApiException(503, "shutting_down", "the server is shutting down");
        }
        try {
            return job.result.get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.stop();
            throw new ApiException(504, "timeout", "the analysis took longer than "
                    + limits.requestTimeout().toMillis() / 1000.0 + " s (the server's limit) and was stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.stop();
            throw new ApiException(503, "shutting_down", "the server is shutting down");
        } catch (ExecutionException e) {
            throw mapFailure(e.getCause(), uploads);
        }
    }

    /** One analysis holding one slot; it gives the slot back and deletes its uploads exactly once. */
    final class Job implements Runnable {
        final CompletableFuture<EmotionPrediction> result = new CompletableFuture<>();
        private final RequestOptions options;
        private final MediaInput input;
        private final Uploads uploads;
        private final AtomicReference<Thread> worker = new AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicBoolean cleaned = new java.util.concurrent.atomic.AtomicBoolean();

        Job(RequestOptions options, MediaInput input, Uploads uploads) {
            this.options = options;
            this.input = input;
            this.uploads = uploads;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                cleanUp(); // stopped before it started
                return;
            }
            EmotionPrediction p = null;
            Throwable failure = null;
            worker.set(Thread.currentThread());
            try (Recognizers.Lease lease = recognizers.acquire(options)) {
                p = lease.recognizer().predict(input);
            } catch (Throwable t) {
                failure = t;
            } finally {
                worker.set(null);
                Thread.interrupted();
                // cleaned up before the answer goes out: a client that got its answer finds no file and a free slot
                cleanUp();
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(p);
            }
        }

        /** Stops a job that timed out: it is interrupted if running, skipped if not yet started. */
        void stop() {
            if (result.completeExceptionally(new InterruptedIOException("stopped"))) {
                Thread w = worker.get();
                if (w != null) {
                    w.interrupt();
                }
            }
        }

        /** Gives up a job that will never run (the pool is shut down). */
        void abandon() {
            result.completeExceptionally(new InterruptedIOException("the server is shutting down"));
            cleanUp();
        }

        private void cleanUp() {
            if (cleaned.compareAndSet(false, true)) {
                uploads.close();
                slots.release();
            }
        }
    }

    private ApiException mapFailure(Throwable t, Uploads uploads) {
        if (t instanceof ApiException a) {
            return a;
        }
        if (t instanceof UnsupportedMediaException) {
            return new ApiException(415, "unsupported_media", uploads.redact(t.getMessage()));
        }
        if (t instanceof MediaDecodeException) {
            return new ApiException(400, "bad_media", uploads.redact(t.getMessage()));
        }
        if (t instanceof IllegalArgumentException) {
            return ApiException.badRequest(uploads.redact(t.getMessage()));
        }
        if (t instanceof ModelLoadException) {
            LOG.error("a model failed to load", t);
            return new ApiException(500, "model_error", t.getMessage());
        }
        if (t instanceof InterruptedIOException) {
            return new ApiException(503, "shutting_down", "the analysis was interrupted: the server is stopping");
        }
        if (t instanceof IOException) {
            return new ApiException(400, "bad_media", uploads.redact(String.valueOf(t.getMessage())));
        }
        LOG.error("analysis failed", t);
        return new ApiException(500, "analysis_failed", "the analysis failed (" + t.getClass().getSimpleName()
                + "); the server log has the details");
    }

    // ---------------------------------------------------------------- helpers

    private ApiException busy() {
        return new ApiException(429, "too_many_requests", "the server is analysing " + limits.maxConcurrent()
                + " requests already; retry in " + limits.retryAfterSeconds() + " s",
                Map.of("Retry-After", Integer.toString(limits.retryAfterSeconds())));
    }

    private ApiException tooLarge() {
        return tooLarge(limits.maxRequestBytes());
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "the request body is larger than this server's limit of "
                + limit + " bytes");
    }

    private void checkLength(Request request) throws ApiException {
        long length = request.getLength();
        if (length > limits.maxRequestBytes()) {
            throw tooLarge();
        }
    }

    private void checkText(String text, String field) throws ApiException {
        if (text.length() > limits.maxTextChars()) {
            throw new ApiException(413, "text_too_long", "'" + field + "' has " + text.length()
                    + " characters; this server analyses at most " + limits.maxTextChars());
        }
    }

    /** A failure while reading the body: a limit (413) or a malformed upload (400). */
    private ApiException badUpload(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException a) {
                return a;
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof HttpException h && h.getCode() == 413 || m.contains("max length exceeded")
                    || m.contains("max file size exceeded")) {
                return tooLarge();
            }
            if (m.contains("max memory file size exceeded")) {
                return new ApiException(413, "text_too_long", "a form field is longer than this server's limit of "
                        + limits.maxTextChars() + " characters");
            }
            if (t instanceof HttpException h && h.getCode() != 400) {
                return new ApiException(h.getCode(), "bad_request", m.isEmpty() ? h.getReason() : m);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return ApiException.badRequest("cannot read the request body"
                + (m == null || m.isBlank() ? "" : ": " + m.replace(tempDir.toString(), "<tmp>")));
    }

    private static String contentType(Request request) {
        String t = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return t == null ? "" : t.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> query(Request request) throws ApiException {
        Fields fields = Request.extractQueryParameters(request);
        Map<String, String> out = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            if (f.getValues().size() > 1) {
                throw ApiException.badRequest("query parameter '" + f.getName() + "' is given more than once");
            }
            out.put(f.getName(), f.getValue());
        }
        return out;
    }

    private void respond(Response response, Callback callback, int status, ObjectNode body) {
        String json;
        try {
            json = COMPACT.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            LOG.error("cannot write a response", e);
            error(response, callback, new ApiException(500, "internal", "cannot write the response"));
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        Content.Sink.write(response, true, json, callback);
    }

    private void error(Response response, Callback callback, ApiException e) {
        response.setStatus(e.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        e.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        Content.Sink.write(response, true, errorJson(e.status(), e.code(), e.getMessage()), callback);
    }

    /** {@code {"error": {"status": ..., "code": ..., "message": ...}}}. */
    static String errorJson(int status, String code, String message) {
        ObjectMapper m = PredictionJson.mapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("status", status);
        err.put("code", code);
        err.put("message", message == null ? "" : message);
        try {
            return COMPACT.writeValueAsString(root);
        } catch (JsonProcessingException x) {
            return "{\"error\":{\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"\"}}";
        }
    }

    /** The files of one request (at most a media file and a transcript), deleted by {@link #close()}. Thread-safe. */
    final class Uploads implements AutoCloseable {
        private final MultiPartFormData.Parts parts;
        private final List<Path> files = new ArrayList<>();
        private final Map<String, String> names = new LinkedHashMap<>();
        String mediaName;
        private boolean closed;

        Uploads(MultiPartFormData.Parts parts) {
            this.parts = parts;
        }

        /** Writes a part to {@code emotion4j-upload-<uuid>.<ext>} in the temp folder (a spooled part is moved, not copied). */
        synchronized Path save(MultiPart.Part part, String ext, String clientName) throws ApiException {
            Path target = tempDir.resolve("emotion4j-upload-" + UUID.randomUUID() + "." + ext);
            files.add(target);
            names.put(target.toString(), clientName);
            names.put(target.getFileName().toString(), clientName);
            try {
                if (part instanceof MultiPart.PathPart pp) {
                    Files.move(pp.getPath(), target);
                } else {
                    part.writeTo(target);
                }
            } catch (IOException e) {
                throw new ApiException(500, "internal", "cannot store the upload in the server's temporary folder");
            }
            return target;
        }

        /** A message with the temporary file names replaced by the client's. */
        synchronized String redact(String message) {
            String m = message == null ? "" : message;
            for (Map.Entry<String, String> e : names.entrySet()) {
                m = m.replace(e.getKey(), e.getValue());
            }
            return m.replace(tempDir.toString(), "<tmp>");
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warn("cannot delete upload {}: {}", f, e.toString());
                }
            }
            if (parts != null) {
                parts.close();
            }
        }
    }
}
