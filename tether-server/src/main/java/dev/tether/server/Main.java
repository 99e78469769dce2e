package dev.tether.server;

import dev.tether.cli.ChatCli;
import dev.tether.cli.ConsoleCharset;
import dev.tether.cli.McpConfigCli;
import dev.tether.configfile.ConfigException;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engines.EngineCli;
import dev.tether.pull.PullCli;
import io.helidon.logging.common.LogConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Starts Tether: command line → configuration → engine → HTTP server. */
public final class Main {

    private static final long SHUTDOWN_LIMIT_MS = 15_000;

    /** {@code tether <name> …}: the clients shipped in the same jar ({@code chat} is the terminal client). */
    private static final Map<String, Consumer<String[]>> SUBCOMMANDS = Map.of(
            "chat", ChatCli::main,
            "mcp", McpConfigCli::main,
            "engine", EngineCli::main,
            "pull", PullCli::main);

    private Main() {}

    public static void main(String[] args) {
        ConsoleCharset.useUtf8WithoutALocale();
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
            SUBCOMMANDS.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        LogConfig.configureRuntime();
        Cli cli;
        try {
            cli = Cli.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("tether: " + e.getMessage() + "\n" + Cli.USAGE);
            System.exit(2);
            return;
        }
        if (cli.help()) {
            System.out.println(Cli.USAGE);
            return;
        }
        Engine engine;
        try {
            engine = Engine.start(TetherConfig.load(cli.config(), cli.overrides()));
        } catch (ConfigException e) {
            System.err.println("tether: configuration error: " + e.getMessage());
            System.exit(1);
            return;
        }
        TetherServer server;
        try {
            server = new TetherServer(engine).start();
        } catch (TetherServer.PortInUseException e) {
            System.err.println("tether: " + e.getMessage());
            engine.close();
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("tether: cannot start the server: " + e.getMessage());
            engine.close();
            System.exit(1); // a loaded native engine keeps a non-daemon thread: exit explicitly
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, engine), "tether-shutdown"));
        System.out.println("Tether listening on " + server.url());
    }

    private static void shutdown(TetherServer server, Engine engine) {
        // a native engine that hangs while closing must not keep the process alive
        Thread.ofPlatform().daemon().name("tether-shutdown-watchdog").start(() -> {
            try {
                Thread.sleep(SHUTDOWN_LIMIT_MS);
                System.err.println("tether: shutdown took longer than " + SHUTDOWN_LIMIT_MS + " ms; halting");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException ignored) {
                // the JVM is exiting
            }
        });
        try {
            server.stop();
        } catch (RuntimeException e) {
            System.err.println("tether: stopping the web server failed: " + e);
        } finally {
            engine.close();
        }
        // JUL's own shutdown hook may already have closed its handlers, so say it directly
        System.err.println("Tether stopped");
    }
}
