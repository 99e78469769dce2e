package dev.tether.pull;

/**
 * A pull that cannot go on, with a stable {@code code} and a sentence for the user. {@code kind} says which HTTP
 * status fits when the failure comes before any download starts.
 */
public final class PullException extends RuntimeException {

    /** What went wrong, in terms a caller can map to an HTTP status or an exit code. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INSUFFICIENT_STORAGE
    }

    private final Kind kind;
    private final String code;

    public PullException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public PullException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
