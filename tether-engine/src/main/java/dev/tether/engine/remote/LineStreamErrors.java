package dev.tether.engine.remote;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.time.Duration;

/** The errors every {@link LineStream} reports the same way, whichever transport it reads: {@code what} names the peer. */
public final class LineStreamErrors {

    private LineStreamErrors() {}

    public static EngineException connectTimeout(String what) {
        return new EngineException(
                ErrorCode.PROVIDER_TIMEOUT,
                "cannot connect to " + what + " within the connect timeout (connect_timeout_ms)");
    }

    public static EngineException refused(String what) {
        return new EngineException(
                ErrorCode.PROVIDER_UNREACHABLE, "cannot connect to " + what + " (connection refused: is it running?)");
    }

    public static EngineException silent(String what, Duration readTimeout) {
        return new EngineException(
                ErrorCode.PROVIDER_TIMEOUT,
                what + " sent nothing for " + readTimeout.toMillis() + " ms (read_timeout_ms)");
    }

    public static EngineException disconnected(String what, String message) {
        return new EngineException(ErrorCode.PROVIDER_DISCONNECTED, what + " closed the connection: " + message);
    }
}
