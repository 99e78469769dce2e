package dev.tether.mcp;

import io.modelcontextprotocol.spec.McpSession;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A notification for every session of a transport. */
final class Broadcast {

    private Broadcast() {}

    /** Sends it to each of {@code sessions}; one that fails (its client is gone) does not stop the others. */
    static Mono<Void> toAll(Collection<? extends McpSession> sessions, String method, Object params) {
        return Flux.fromIterable(sessions)
                .flatMap(s -> s.sendNotification(method, params).onErrorResume(e -> Mono.empty()))
                .then();
    }
}
