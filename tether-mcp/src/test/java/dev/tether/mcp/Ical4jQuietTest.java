package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MCP server logs with the JDK's default settings (INFO on stderr, through slf4j-jdk14), so whatever ical4j logs
 * when the calendar tools load reaches the assistant's log. It must log nothing at start-up.
 */
class Ical4jQuietTest {

    /** Run in a fresh JVM: loads ical4j's configuration the way the calendar tools do. */
    public static void main(String[] args) throws Exception {
        Class.forName("net.fortuna.ical4j.util.Configurator", true, Ical4jQuietTest.class.getClassLoader());
        System.out.println("loaded");
    }

    @Test
    void loadingIcal4jWritesNothingToStandardError() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        Ical4jQuietTest.class.getName())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).as(err).isEqualTo("loaded\n");
        assertThat(err).doesNotContain("ical4j").doesNotContain("INFO");
    }
}
