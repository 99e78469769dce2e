package dev.tether.engine.remote;

import dev.tether.engine.chat.Cancellation;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One HTTP exchange whose body is read line by line as it arrives, without ever blocking longer than the read
 * timeout: a refused connection, a silent server, a dropped connection and a cancel all end the wait promptly
 * (as an {@link dev.tether.engine.error.EngineException}, or {@link #cancelled()} for a cancel). Close it to release
 * the connection.
 */
public interface LineStream extends AutoCloseable {

    /** One HTTP request: {@code body} (JSON) null for none. */
    record Request(URI uri, String method, Map<String, String> headers, String body) {}

    /**
     * Sends one request and returns its answer as lines; {@code what} names the server in error messages, and no
     * wait lasts longer than its timeout.
     */
    @FunctionalInterface
    interface Opener {
        LineStream open(
                Request request, String what, Duration connectTimeout, Duration readTimeout, Cancellation cancel);
    }

    /** Waits for the response status; -1 if cancelled first. */
    int status();

    /** The next line of the body; null at its end or when cancelled (see {@link #cancelled()}). */
    String next();

    boolean cancelled();

    /**
     * Whether a whole line starting with {@code prefix} (ASCII) has already arrived, so reading up to it will not
     * wait. A reader uses it to pass on together what arrived together; false when unsure.
     */
    boolean lineReady(String prefix);

    @Override
    void close();

    /** The rest of the body, up to {@code maxChars} (for error messages). */
    default String rest(int maxChars) {
        StringJoiner body = new StringJoiner("\n");
        int size = 0;
        for (String line = next(); line != null && size < maxChars; line = next()) {
            body.add(line);
            size += line.length() + 1;
        }
        String text = body.toString();
        return text.length() > maxChars ? text.substring(0, maxChars) : text;
    }
}
