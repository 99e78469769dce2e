package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tether's MCP client against real MCP servers from npm (server-everything), over stdio. */
class McpClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode args(String field, Object value) {
        return JSON.createObjectNode().putPOJO(field, value);
    }

    @Test
    void stdioServerToolsAreOfferedUnderTheirServersNameAndAnswer(@TempDir Path dir) {
        try (ToolRegistry tools = TestServers.registry(dir, TestServers.everythingStdio("everything"))) {
            assertThat(tools.sources()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("mcp:everything");
                assertThat(s.state().state()).isEqualTo("stopped"); // lazy: nothing started before first use
            });
            List<String> names = tools.specs().stream().map(ToolSpec::name).toList();
            assertThat(names).contains("everything__echo", "everything__get-sum", "everything__get-tiny-image");
            assertThat(tools.sources().getFirst().state().state()).isEqualTo("running");
            ToolSpec echo = tools.spec("everything__echo").orElseThrow();
            assertThat(echo.description()).isEqualTo("Echoes back the input string");
            assertThat(echo.inputSchema().path("properties").has("message")).isTrue();
            // the configuration's defaults hold although the server says its echo is closed-world
            assertThat(echo.hints().openWorld()).isTrue();
            assertThat(echo.hints().privateData()).isTrue();

            ToolOutcome out = tools.invoke("everything__echo", args("message", "hello from Tether"));
            assertThat(out.error()).isNull();
            assertThat(out.result().asText()).isEqualTo("Echo: hello from Tether");

            ToolOutcome sum = tools.invoke(
                    "everything__get-sum", JSON.createObjectNode().put("a", 2).put("b", 40));
            assertThat(sum.result().asText()).contains("42");
            assertThat(Files.exists(dir.resolve("logs/mcp-everything.log"))).isTrue();
        }
    }

    @Test
    void imagesAreNamedAndStructuredContentIsKept(@TempDir Path dir) {
        try (ToolRegistry tools = TestServers.registry(dir, TestServers.everythingStdio("ev"))) {
            ToolOutcome image = tools.invoke("ev__get-tiny-image", JSON.createObjectNode());
            assertThat(image.error()).isNull();
            assertThat(image.result().asText()).containsPattern("\\[image: image/png, \\d+ (B|KB)\\]");

            ToolOutcome structured = tools.invoke("ev__get-structured-content", args("location", "Chicago"));
            assertThat(structured.error()).isNull();
            assertThat(structured.result().path("structured").isObject()).isTrue();
            assertThat(structured
                            .result()
                            .path("structured")
                            .path("temperature")
                            .isNumber())
                    .isTrue();
        }
    }

    @Test
    void onlyTheConfiguredToolsAreOfferedAndALongResultIsCutWithAMarker(@TempDir Path dir) {
        String yaml = TestServers.everythingStdio("ev", "tools: [echo]");
        try (ToolRegistry tools = TestServers.registry(dir, yaml, Duration.ofSeconds(30), 60, 1000, List.of())) {
            assertThat(tools.specs()).extracting(ToolSpec::name).containsExactly("ev__echo");
            ToolOutcome big = tools.invoke("ev__echo", args("message", "x".repeat(2_000_000)));
            assertThat(big.error()).isNull();
            assertThat(big.result().asText())
                    .hasSizeLessThan(1200)
                    .contains("[result cut: 1000 of 2000006 characters shown (limits.max_tool_result_chars)]");
            assertThat(tools.invoke("ev__get-sum", JSON.createObjectNode()).error())
                    .contains("unknown tool");
        }
    }

    @Test
    void aMissingCommandMakesItsServerUnavailableWithTheReasonAndOthersWork(@TempDir Path dir) {
        String yaml = "- name: broken\n  command: /no/such/mcp-server\n" + TestServers.everythingStdio("ev");
        try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
            assertThat(tools.specs())
                    .extracting(ToolSpec::name)
                    .contains("ev__echo")
                    .noneMatch(n -> n.startsWith("broken__"));
            var broken = tools.sources().getFirst();
            assertThat(broken.state().isFailed()).isTrue();
            assertThat(broken.state().reason()).contains("/no/such/mcp-server");
            assertThat(tools.invoke("broken__anything", JSON.createObjectNode()).error())
                    .contains("mcp:broken cannot run")
                    .contains("/no/such/mcp-server");
            assertThat(tools.invoke("ev__echo", args("message", "still here"))
                            .result()
                            .asText())
                    .isEqualTo("Echo: still here");
        }
    }

    @Test
    void aServerThatNeverAnswersInitializeFailsAfterTheStartTimeout(@TempDir Path dir) {
        String yaml = "- name: silent\n  command: node\n  args: [-e, \"setInterval(() => {}, 1000)\"]\n"
                + "- name: garbage\n  command: node\n"
                + "  args: [-e, \"setInterval(() => console.log('not json {'), 100)\"]\n";
        try (ToolRegistry tools = TestServers.registry(dir, yaml, Duration.ofSeconds(10), 2, 1000, List.of())) {
            assertThat(tools.specs()).isEmpty();
            assertThat(tools.sources()).allSatisfy(s -> {
                assertThat(s.state().isFailed()).isTrue();
                assertThat(s.state().reason()).isNotBlank();
            });
            assertThat(tools.sources().getFirst().state().reason()).isEqualTo("it did not answer in time");
            assertThat(tools.invoke("silent__anything", JSON.createObjectNode()).error())
                    .isEqualTo(
                            "tool silent__anything is unavailable: mcp:silent cannot run: it did not answer in time");
        }
    }

    @Test
    void aServerKilledDuringACallGivesAToolErrorAndIsStartedAgain(@TempDir Path dir) throws Exception {
        try (ToolRegistry tools = TestServers.registry(
                dir, TestServers.everythingStdio("ev"), Duration.ofSeconds(60), 60, 100_000, List.of())) {
            assertThat(tools.invoke("ev__echo", args("message", "first"))
                            .result()
                            .asText())
                    .isEqualTo("Echo: first");
            CompletableFuture<ToolOutcome> call = CompletableFuture.supplyAsync(() -> tools.invoke(
                    "ev__trigger-long-running-operation",
                    JSON.createObjectNode().put("duration", 50).put("steps", 5)));
            ProcessHandle server = serverProcess();
            Thread.sleep(500); // the call is under way (it runs 50 s)
            assertThat(call).isNotDone();
            server.destroyForcibly();
            ToolOutcome out = call.get(20, TimeUnit.SECONDS);
            assertThat(out.error()).contains("stopped during the call").contains("exited");
            assertThat(tools.sources().getFirst().state().isFailed()).isTrue();
            // restarted at a later use, once its short backoff has passed
            TestServers.await(
                    Duration.ofSeconds(30),
                    () -> tools.invoke("ev__echo", args("message", "again"))
                            .result()
                            .asText()
                            .equals("Echo: again"),
                    "the restarted server");
            assertThat(tools.sources().getFirst().state().state()).isEqualTo("running");
        }
    }

    @Test
    void aToolNamedLikeATetherToolIsNotOfferedFromTheServer(@TempDir Path dir) {
        // a registry entry named like the MCP tool: Tether's own tool keeps the name
        var servers = io.helidon.config.Config.just(io.helidon.config.ConfigSources.create(
                        "servers:\n" + TestServers.everythingStdio("ev").indent(2),
                        io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML))
                .get("servers");
        var entry = new dev.tether.tool.ToolsConfig.ToolEntry(
                "tools.registry[0]", "ev__echo", "get_current_time", io.helidon.config.Config.empty());
        var config = new dev.tether.tool.ToolsConfig(
                List.of(entry),
                List.of("ev__echo"),
                Duration.ofSeconds(30),
                dir,
                new dev.tether.tool.ToolsConfig.External(servers, "", 60, 100_000));
        try (ToolRegistry tools = ToolRegistry.fromConfig(config, System::getenv)) {
            assertThat(tools.specs())
                    .filteredOn(s -> s.name().equals("ev__echo"))
                    .hasSize(1);
            assertThat(tools.external("ev__echo")).isEmpty();
            assertThat(tools.invoke("ev__echo", JSON.createObjectNode())
                            .result()
                            .toString())
                    .doesNotContain("Echo");
        }
    }

    @Test
    void streamableHttpServerToolsAnswerAndAMissingHeaderVariableIsTheReason(@TempDir Path dir) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("node", TestServers.script("server-everything"), "streamableHttp")
                .redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        Process server = builder.start();
        try {
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.contains("listening on port")) {
                            listening.complete(null);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the server was stopped
                }
            });
            listening.get(30, TimeUnit.SECONDS);
            String yaml = "- name: web\n  url: http://127.0.0.1:" + port + "/mcp\n"
                    + "- name: keyed\n  url: http://127.0.0.1:" + port + "/mcp\n"
                    + "  headers_env: {Authorization: TETHER_TEST_NO_SUCH_VARIABLE}\n";
            try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
                ToolOutcome out = tools.invoke("web__echo", args("message", "over HTTP"));
                assertThat(out.error()).isNull();
                assertThat(out.result().asText()).isEqualTo("Echo: over HTTP");
                assertThat(tools.invoke("keyed__echo", args("message", "x")).error())
                        .contains("TETHER_TEST_NO_SUCH_VARIABLE")
                        .contains("is not set");
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aStopEndsTheWaitForALongCallAtOnceAndTheServerStaysUsable(@TempDir Path dir) throws Exception {
        try (ToolRegistry tools = TestServers.registry(
                dir, TestServers.everythingStdio("ev"), Duration.ofSeconds(60), 60, 100_000, List.of())) {
            var stop = new StopSignal();
            CompletableFuture<ToolOutcome> call = CompletableFuture.supplyAsync(() -> tools.invoke(
                    "ev__trigger-long-running-operation",
                    JSON.createObjectNode().put("duration", 50).put("steps", 5),
                    stop));
            serverProcess();
            Thread.sleep(300); // the call is under way (it runs 50 s)
            stop.fire();
            assertThat(call.get(10, TimeUnit.SECONDS).error()).isEqualTo("cancelled");
            assertThat(tools.invoke("ev__echo", args("message", "after"))
                            .result()
                            .asText())
                    .isEqualTo("Echo: after");
        }
    }

    @Test
    void progressReportsOfARunningCallReachTheCallerBeforeItReturns(@TempDir Path dir) {
        try (ToolRegistry tools = TestServers.registry(dir, TestServers.everythingStdio("ev"))) {
            List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            ToolOutcome out = tools.invoke(
                    "ev__trigger-long-running-operation",
                    JSON.createObjectNode().put("duration", 1).put("steps", 4),
                    dev.tether.tool.CancelSignal.NEVER,
                    (progress, total, message) -> reports.add(progress + "/" + total));
            assertThat(out.error()).isNull();
            assertThat(out.result().asText()).contains("Steps: 4");
            int seen = reports.size();
            assertThat(reports).containsExactly("1.0/4.0", "2.0/4.0", "3.0/4.0", "4.0/4.0");
            // a call without a listener still works, and nothing more reaches the first one
            assertThat(tools.invoke("ev__echo", args("message", "x")).error()).isNull();
            assertThat(reports).hasSize(seen);
        }
    }

    @Test
    void aStopTellsTheServerWithNotificationsCancelledForThatRequest(@TempDir Path dir) throws Exception {
        String yaml =
                "- name: lc\n  command: node\n  args: [\"" + TestServers.DIR.resolve("changing-server.mjs") + "\"]\n";
        try (ToolRegistry tools = TestServers.registry(dir, yaml, Duration.ofSeconds(60), 60, 100_000, List.of())) {
            var stop = new StopSignal();
            CompletableFuture<ToolOutcome> call = CompletableFuture.supplyAsync(
                    () -> tools.invoke("lc__wait_for_cancel", JSON.createObjectNode(), stop));
            TestServers.await(Duration.ofSeconds(10), () -> callLog(tools).contains("started"), "the call to start");
            String requestId = callLog(tools).replaceAll("(?s).*started ([^\"]+).*", "$1");
            stop.fire();
            assertThat(call.get(10, TimeUnit.SECONDS).error()).isEqualTo("cancelled");
            TestServers.await(
                    Duration.ofSeconds(10),
                    () -> callLog(tools).contains("cancelled " + requestId + ": the user stopped it"),
                    "the server to see notifications/cancelled");
        }
    }

    @Test
    void aCallPastItsTimeoutIsCancelledAtTheServerToo(@TempDir Path dir) throws Exception {
        String yaml =
                "- name: lc\n  command: node\n  args: [\"" + TestServers.DIR.resolve("changing-server.mjs") + "\"]\n";
        try (ToolRegistry tools = TestServers.registry(dir, yaml, Duration.ofSeconds(2), 60, 100_000, List.of())) {
            assertThat(tools.invoke("lc__wait_for_cancel", JSON.createObjectNode())
                            .error())
                    .isEqualTo("lc__wait_for_cancel timed out after 2 s (limits.tool_timeout_sec)");
            TestServers.await(
                    Duration.ofSeconds(10),
                    () -> callLog(tools).matches(".*cancelled [^:]+: timed out after 2 s.*"),
                    "the server to see notifications/cancelled");
        }
    }

    private static String callLog(ToolRegistry tools) {
        return tools.invoke("lc__call_log", JSON.createObjectNode()).result().asText();
    }

    @Test
    void aListChangedNotificationRefreshesTheToolsAndATenMegabyteResultIsCut(@TempDir Path dir) throws Exception {
        String yaml =
                "- name: lc\n  command: node\n  args: [\"" + TestServers.DIR.resolve("changing-server.mjs") + "\"]\n";
        try (ToolRegistry tools = TestServers.registry(dir, yaml, Duration.ofSeconds(60), 60, 100_000, List.of())) {
            assertThat(tools.specs())
                    .extracting(ToolSpec::name)
                    .containsExactly("lc__add_tool", "lc__big", "lc__wait_for_cancel", "lc__call_log");
            assertThat(tools.invoke("lc__add_tool", JSON.createObjectNode())
                            .result()
                            .asText())
                    .isEqualTo("added");
            TestServers.await(
                    Duration.ofSeconds(10),
                    () -> tools.spec("lc__second").isPresent(),
                    "the tool list after notifications/tools/list_changed");
            assertThat(tools.invoke("lc__second", JSON.createObjectNode())
                            .result()
                            .asText())
                    .isEqualTo("second answers");

            ToolOutcome big = tools.invoke("lc__big", JSON.createObjectNode());
            assertThat(big.error()).isNull();
            assertThat(big.result().asText())
                    .hasSizeLessThan(100_200)
                    .endsWith("[result cut: 100000 of 10485760 characters shown (limits.max_tool_result_chars)]");
        }
    }

    @Test
    void aLegacySseServerAnswersToo(@TempDir Path dir) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder =
                new ProcessBuilder("node", TestServers.script("server-everything"), "sse").redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        Process server = builder.start();
        try {
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.contains("running on port")) {
                            listening.complete(null);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the server was stopped
                }
            });
            listening.get(30, TimeUnit.SECONDS);
            String yaml = "- name: old\n  url: http://127.0.0.1:" + port + "/sse\n  transport: sse\n";
            try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
                assertThat(tools.invoke("old__echo", args("message", "over SSE"))
                                .result()
                                .asText())
                        .isEqualTo("Echo: over SSE");
            }
        } finally {
            server.destroyForcibly();
        }
    }

    /** A user's Stop: listeners run when it fires, or at once when it already has. */
    private static final class StopSignal implements dev.tether.tool.CancelSignal {
        private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean fired;

        void fire() {
            fired = true;
            listeners.forEach(Runnable::run);
        }

        @Override
        public boolean isCancelled() {
            return fired;
        }

        @Override
        public void onCancel(Runnable listener) {
            listeners.add(listener);
            if (fired) {
                listener.run();
            }
        }

        @Override
        public void removeListener(Runnable listener) {
            listeners.remove(listener);
        }
    }

    /** The node process under this test JVM (under its watchdog) that runs server-everything. */
    private static ProcessHandle serverProcess() throws InterruptedException {
        ProcessHandle[] found = new ProcessHandle[1];
        TestServers.await(
                Duration.ofSeconds(10),
                () -> {
                    found[0] = ProcessHandle.current()
                            .descendants()
                            .filter(p -> p.info().command().orElse("").endsWith("node")
                                    && p.info().commandLine().orElse("").contains("server-everything"))
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                },
                "the server process");
        return found[0];
    }
}
