package dev.tether.pull;

/**
 * A pull that cannot go on, with a stable {@code code} and a sentence for the user. {@code kind} says which HTTP
 * status fits when the failure comes before any download starts.
 */
public final class PullException extends CodedException {

    public PullException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public PullException(Kind kind, String code, String message, Throwable cause) {
        super(kind, code, message, cause);
    }
}
