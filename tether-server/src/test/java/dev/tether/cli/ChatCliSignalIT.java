package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tether chat} as its own process, sent a real SIGINT while an answer streams: the answer stops, the server
 * stores it as cancelled, and the program carries on.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ChatCliSignalIT {

    // A job started in the background inherits SIGINT as "ignored", which no JVM can undo; Perl resets it to the
    // default, as a terminal would have it, before it becomes the client's JVM.
    private static final Path PERL = Path.of("/usr/bin/perl");

    @TempDir
    Path dir;

    private ScriptedServer server;
    private Process client;
    private final StringBuffer output = new StringBuffer();

    @BeforeEach
    void startServer() {
        server = ScriptedServer.start(dir, 20);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.destroyForcibly();
        }
        server.close();
    }

    @Test
    void sigintStopsTheAnswerAndTheClientGoesOn() throws Exception {
        assumeTrue(Files.isExecutable(PERL), "needs /usr/bin/perl to start the client with SIGINT at its default");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        client = new ProcessBuilder(
                        PERL.toString(),
                        "-e",
                        "$SIG{INT} = 'DEFAULT'; exec @ARGV",
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChatCli.class.getName(),
                        "--url",
                        server.url(),
                        "--api-key",
                        ScriptedServer.API_KEY)
                .redirectErrorStream(true)
                .start();
        Thread.ofVirtual().start(() -> collect(client.getInputStream()));
        OutputStream keyboard = client.getOutputStream();

        awaitOutput("you> ");
        type(keyboard, "Tell me a long story\n");
        awaitOutput("long answer that goes on");
        signal("INT");
        awaitOutput("[stopped]\nyou> ");
        type(keyboard, "hello\n");
        awaitOutput("Hello there!");
        type(keyboard, "/quit\n");

        assertThat(client.waitFor(10, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        assertThat(client.exitValue()).as(output.toString()).isZero();
        List<Message> stored = server.engine()
                .store()
                .messages(server.engine().store().list(1, 0).getFirst().id());
        assertThat(stored.get(1).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(stored.get(1).content()).doesNotContain("the end.");
        assertThat(stored.get(3).content()).isEqualTo("Hello there!");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(client.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
    }

    private void collect(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!output.toString().contains(text)) {
            assertThat(client.isAlive())
                    .as("the client ended early:%n%s", output)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("waiting for %s in:%n%s", text, output)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void type(OutputStream keyboard, String text) {
        try {
            keyboard.write(text.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
