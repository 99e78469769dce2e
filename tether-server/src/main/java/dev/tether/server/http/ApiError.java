package dev.tether.server.http;

import io.helidon.http.Status;

/** A request the server refuses itself (before the engine sees it): a status, a stable code and a message. */
public final class ApiError extends RuntimeException {

    private final transient Status status;
    private final String code;

    public ApiError(Status status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(Status.BAD_REQUEST_400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(Status.NOT_FOUND_404, code, message);
    }

    public static ApiError tooLarge(long maxBytes) {
        return new ApiError(
                Status.REQUEST_ENTITY_TOO_LARGE_413,
                "body_too_large",
                "the request body is larger than server.max_body_bytes (" + maxBytes + ")");
    }
}
