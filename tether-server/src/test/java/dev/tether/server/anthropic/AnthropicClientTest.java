package dev.tether.server.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.NodeScript;
import dev.tether.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official {@code @anthropic-ai/sdk} client against a whole Tether server over a real socket. */
public class AnthropicClientTest {

    /** Seed-protocol answers: a weather call, an answer to its result, a thought, a greeting. */
    public static final String SCRIPT = """
            models: [tether-test]
            chunk_delay_ms: 0
            rules:
              - on: user
                match: "(?i)weather"
                chunks: ["Let me look. ", "<<function_call>> {\\"name\\": \\"get_weather\\", ", "\\"arguments\\": {\\"city\\": \\"Paris\\"}}"]
              - on: tool
                match: "sunny"
                chunks: ["It is ", "sunny in Paris."]
              - on: user
                match: "(?i)think"
                chunks: ["<think>Hmm, ", "a greeting.</think>", "Hello."]
              - on: user
                match: "(?i)hello"
                chunks: ["Hello ", "from Tether."]
            """;

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
    void theOfficialClientSendsMessagesStreamsCallsToolsCountsTokensAndReadsErrors() throws Exception {
        tether = TestServer.start(dir, "scripted", SCRIPT, "server: { api_key: s3cret }");
        String output = NodeScript.run(
                "anthropic.mjs",
                Map.of("TETHER_URL", "http://127.0.0.1:" + tether.server.port(), "TETHER_KEY", "s3cret"),
                dir.resolve("node.log"));
        assertThat(output)
                .contains(
                        "ok wholeMessage",
                        "ok wholeToolRoundTrip",
                        "ok streamedToolRoundTrip",
                        "ok streamedThinking",
                        "ok countsTokens",
                        "ok badRequestsNameTheField",
                        "ok keysAreChecked");
    }
}
