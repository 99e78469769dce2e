package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class BroadcastTest {

    /** A session that records what it is sent, or fails every send as one whose client left. */
    private static final class Session implements McpSession {
        final boolean gone;
        final List<String> received = new ArrayList<>();

        Session(boolean gone) {
            this.gone = gone;
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            if (gone) {
                return Mono.error(new IllegalStateException("client gone"));
            }
            return Mono.fromRunnable(() -> received.add(method + " " + params));
        }

        @Override
        public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public void close() {}
    }

    @Test
    void everySessionHearsItEvenWhenOneHasGone() {
        Session first = new Session(false);
        Session gone = new Session(true);
        Session last = new Session(false);

        Broadcast.toAll(List.of(first, gone, last), "notifications/tools/list_changed", "{}")
                .block();

        assertThat(first.received).containsExactly("notifications/tools/list_changed {}");
        assertThat(last.received).containsExactly("notifications/tools/list_changed {}");
    }
}
