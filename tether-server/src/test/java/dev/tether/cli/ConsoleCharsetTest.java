package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleCharsetTest {

    @Test
    void asciiWithoutALocaleIsReadAsUtf8AndAChosenCharsetStays() {
        assertThat(ConsoleCharset.of("ANSI_X3.4-1968")).as("LC_ALL=C on Linux").isEqualTo(StandardCharsets.UTF_8);
        assertThat(ConsoleCharset.of("US-ASCII")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(ConsoleCharset.of(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(ConsoleCharset.of("no-such-charset")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(ConsoleCharset.of("ISO-8859-1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(ConsoleCharset.of("UTF-8")).isEqualTo(StandardCharsets.UTF_8);
    }
}
