package dev.tether.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.session.StoredResponse;
import dev.tether.server.NodeScript;
import dev.tether.server.TestServer;
import dev.tether.server.anthropic.AnthropicClientTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official {@code openai} client's Responses API against a whole Tether server over a real socket. */
class ResponsesClientTest {

    @TempDir
    Path dir;

    private TestServer tether;

    @AfterEach
    void stop() {
        if (tether != null) {
            tether.close();
        }
    }

    @Test
    void theOfficialClientCreatesStreamsContinuesSessionsAndRoundTripsFunctionCalls() throws Exception {
        tether = TestServer.start(dir, "scripted", AnthropicClientTest.SCRIPT, "");
        String output = NodeScript.run(
                "responses.mjs",
                Map.of("TETHER_BASE_URL", "http://127.0.0.1:" + tether.server.port() + "/v1"),
                dir.resolve("node.log"));
        assertThat(output)
                .contains(
                        "ok whole",
                        "ok streamed",
                        "ok previousResponseContinuesTheSession",
                        "ok functionCallRoundTrip",
                        "ok badRequestsNameTheField");

        // both responses of a continued conversation are points in one session, which holds the whole history
        String[] continued = ids(output, "continued");
        StoredResponse first = tether.engine.store().response(continued[0]).orElseThrow();
        StoredResponse second = tether.engine.store().response(continued[1]).orElseThrow();
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(first.messageCount()).isEqualTo(2);
        assertThat(second.messageCount()).isEqualTo(4);
        List<Message> history = tether.engine.store().messages(second.sessionId());
        assertThat(history)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        assertThat(history)
                .extracting(Message::content)
                .containsExactly("hello, I am Ada", "Hello from Tether.", "hello again", "Hello from Tether.");
        assertThat(tether.engine.store().find(second.sessionId()).orElseThrow().title())
                .isEqualTo("hello, I am Ada");

        String[] called = ids(output, "called");
        List<Message> calls = tether.engine
                .store()
                .messages(
                        tether.engine.store().response(called[1]).orElseThrow().sessionId());
        assertThat(calls)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(calls.get(1).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(calls.get(2).toolCallId()).isEqualTo(c.id());
        });
    }

    private static String[] ids(String output, String label) {
        Matcher m = Pattern.compile("ids " + label + " (\\S+) (\\S+)").matcher(output);
        assertThat(m.find()).as("ids " + label + " in:\n" + output).isTrue();
        return new String[] {m.group(1), m.group(2)};
    }
}
