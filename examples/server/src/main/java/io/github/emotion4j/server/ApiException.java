package io.github.emotion4j.server;

import java.util.Map;

/**
 * A request the server answers with an error: the HTTP status, a stable machine-readable code and a
 * message for a person. Sent as {@code {"error": {"status": ..., "code": ..., "message": ...}}}.
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Extra response headers, e.g. {@code Retry-After} or {@code Allow}. */
    Map<String, String> headers() {
        return headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }
}
