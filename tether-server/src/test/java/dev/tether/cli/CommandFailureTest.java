package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.configfile.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandFailureTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aBadCommandLineExitsWith2AndShowsTheUsage() {
        int code = CommandFailure.report(
                "tether thing", new IllegalArgumentException("unknown option --x"), "Usage: tether thing", err);

        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("tether thing: unknown option --x\nUsage: tether thing" + System.lineSeparator());
    }

    @Test
    void aConfigurationErrorExitsWith1WithoutTheUsage() {
        int code = CommandFailure.report(
                "tether thing", new ConfigException("pull.timeout_sec", "must be positive"), "Usage", err);

        assertThat(code).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("tether thing: configuration error: pull.timeout_sec: must be positive"
                        + System.lineSeparator());
    }
}
