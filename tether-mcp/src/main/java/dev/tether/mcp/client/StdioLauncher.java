package dev.tether.mcp.client;

import dev.tether.mcp.client.McpServerConfig.Transport.Stdio;
import dev.tether.process.ChildProcesses;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * Starts a stdio MCP server through the SDK's {@link StdioClientTransport}: in its {@code cwd}, with its {@code env}
 * added to Tether's, its stderr appended to {@code <data_dir>/logs/mcp-<name>.log}, and its command line passed
 * through {@code wrap} first — the child watchdog, which ends the server when Tether dies, even by {@code kill -9}.
 * When the process ends, {@code ended} completes with the exit code and its last stderr line.
 */
final class StdioLauncher {

    private static final Logger LOG = Logger.getLogger(StdioLauncher.class.getName());

    /** The command line that runs a server's own one, given its folder and PATH; throws when it cannot start. */
    interface Wrap {
        List<String> around(List<String> command, java.io.File directory, String path) throws IOException;
    }

    /** Every server under the child watchdog ({@code TETHER_CHILD_WATCHDOG}), so none outlives Tether. */
    static final Wrap WATCHDOG = ChildProcesses::watchedCommand;

    private final Wrap wrap;

    StdioLauncher(Wrap wrap) {
        this.wrap = wrap;
    }

    StdioClientTransport transport(
            String server,
            Stdio stdio,
            McpJsonMapper mapper,
            Path logDir,
            Function<String, String> environment,
            CompletableFuture<String> ended) {
        List<String> own = new ArrayList<>();
        own.add(stdio.command());
        own.addAll(stdio.args());
        java.io.File cwd = stdio.cwd().map(Path::toFile).orElse(null);
        List<String> command;
        try {
            command = wrap.around(own, cwd, stdio.env().getOrDefault("PATH", environment.apply("PATH")));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ServerParameters params = ServerParameters.builder(command.getFirst())
                .args(command.subList(1, command.size()))
                .env(Map.copyOf(stdio.env()))
                .build();
        Path log = logDir.resolve("mcp-" + server + ".log");
        StderrLog stderr = new StderrLog(log);
        Transport transport = new Transport(params, mapper, cwd, stderr, ended);
        transport.setStdErrorHandler(stderr::line);
        return transport;
    }

    /** The SDK's transport, started in {@code cwd}, that says when its process ends. */
    private static final class Transport extends StdioClientTransport {
        private final java.io.File cwd;
        private final StderrLog stderr;
        private final CompletableFuture<String> ended;

        Transport(
                ServerParameters params,
                McpJsonMapper mapper,
                java.io.File cwd,
                StderrLog stderr,
                CompletableFuture<String> ended) {
            super(params, mapper);
            this.cwd = cwd;
            this.stderr = stderr;
            this.ended = ended;
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder().directory(cwd);
            // the server gets Tether's environment (PATH, HOME), but not the key that guards Tether's own API
            builder.environment().remove("TETHER_API_KEY");
            return builder;
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            // the SDK only logs a command that cannot start; the client would wait for initialize until its timeout
            return super.connect(handler)
                    .doOnSuccess(v -> watchExit())
                    .doOnError(e -> ended.complete("cannot start: " + McpServerConnection.reason(e)));
        }

        /** The SDK keeps its process to itself; it is read once, to learn at once when the server dies. */
        private void watchExit() {
            try {
                var field = StdioClientTransport.class.getDeclaredField("process");
                field.setAccessible(true);
                Process process = (Process) field.get(this);
                process.onExit()
                        .thenAccept(p -> ended.complete("the server exited (code " + p.exitValue() + ")"
                                + stderr.last().map(line -> ": " + line).orElse("")));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.fine(() -> "cannot watch the MCP server's process: " + e);
            }
        }
    }

    /** Appends the server's stderr to its log file and keeps the last line for error messages. */
    private static final class StderrLog {
        private final Path file;
        private volatile String last;

        StderrLog(Path file) {
            this.file = file;
        }

        synchronized void line(String line) {
            if (!line.isBlank()) {
                last = line.strip();
            }
            try {
                Files.createDirectories(file.getParent());
                try (Writer w = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    w.write(line);
                    w.write(System.lineSeparator());
                }
            } catch (IOException e) {
                LOG.fine(() -> "cannot write " + file + ": " + e);
            }
        }

        java.util.Optional<String> last() {
            return java.util.Optional.ofNullable(last).map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l);
        }
    }
}
