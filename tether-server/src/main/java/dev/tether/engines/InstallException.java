package dev.tether.engines;

import dev.tether.pull.CodedException;

/**
 * An engine install, list or removal that cannot go on, with a stable {@code code} and a sentence for the user;
 * {@code kind} says which HTTP status fits.
 */
public final class InstallException extends CodedException {

    public InstallException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public InstallException(Kind kind, String code, String message, Throwable cause) {
        super(kind, code, message, cause);
    }
}
