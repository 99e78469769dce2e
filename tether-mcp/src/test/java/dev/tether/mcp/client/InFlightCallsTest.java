package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Progress routing by token, and the request id a cancel names, as the transport saw the call go out. */
class InFlightCallsTest {

    /** A transport that keeps what is sent through it. */
    private static final class Sent implements McpClientTransport {
        final List<McpSchema.JSONRPCMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> h) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> messages.add(message));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void progressReachesItsOwnCallOnlyUntilTheCallIsClosed() {
        var calls = new InFlightCalls();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        String a = calls.open((p, t, m) -> first.add(p + "/" + t + " " + m));
        String b = calls.open((p, t, m) -> second.add(p + "/" + t));
        assertThat(a).isNotEqualTo(b);

        calls.progress(new McpSchema.ProgressNotification(a, 1.0, 3.0, "reading"));
        calls.progress(new McpSchema.ProgressNotification(b, 5.0, null, null));
        calls.progress(new McpSchema.ProgressNotification("someone-elses", 1.0, null, null));
        calls.close(a);
        calls.progress(new McpSchema.ProgressNotification(a, 2.0, 3.0, "late"));

        assertThat(first).containsExactly("1.0/3.0 reading");
        assertThat(second).containsExactly("5.0/null");
    }

    @Test
    void aCancelNamesTheIdTheCallWentOutWithAndNothingIsSentForACallNotYetSent() {
        var calls = new InFlightCalls();
        var sent = new Sent();
        McpClientTransport transport = new RecordingTransport(sent, calls);
        calls.sendVia(transport);
        String token = calls.open((p, t, m) -> {});
        assertThat(calls.cancel(token, "the user stopped it")).isFalse();

        var request = new McpSchema.CallToolRequest("echo", Map.of("message", "x"), Map.of("progressToken", token));
        transport
                .sendMessage(new McpSchema.JSONRPCRequest(
                        McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, "abc-7", request))
                .block();
        assertThat(calls.cancel(token, "the user stopped it")).isTrue();

        assertThat(sent.messages).hasSize(2);
        assertThat(sent.messages.get(1)).isInstanceOfSatisfying(McpSchema.JSONRPCNotification.class, n -> {
            assertThat(n.method()).isEqualTo("notifications/cancelled");
            assertThat(n.params()).isEqualTo(Map.of("requestId", "abc-7", "reason", "the user stopped it"));
        });
        calls.close(token);
        assertThat(calls.cancel(token, "again")).isFalse();
    }
}
