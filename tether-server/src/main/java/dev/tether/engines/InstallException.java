package dev.tether.engines;

/**
 * An engine install, list or removal that cannot go on, with a stable {@code code} and a sentence for the user;
 * {@code kind} says which HTTP status fits.
 */
public final class InstallException extends RuntimeException {

    /** What went wrong, in terms a caller maps to an HTTP status or an exit code. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INSUFFICIENT_STORAGE
    }

    private final Kind kind;
    private final String code;

    public InstallException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public InstallException(Kind kind, String code, String message, Throwable cause) {
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
