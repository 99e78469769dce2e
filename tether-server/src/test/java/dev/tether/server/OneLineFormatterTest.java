package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {

    private static final String FORGED = "2026-12-02 12:00:00 SEVERE dev.tether.server.Main: forged";

    @Test
    void aNewlineInAMessageOrExceptionCannotStartAnotherRecord() {
        LogRecord record = new LogRecord(Level.INFO, "client {0} connected");
        record.setLoggerName("test");
        record.setParameters(new Object[] {"evil\n" + FORGED + "\r\n\u2028" + FORGED});
        record.setThrown(new IllegalStateException("bad\n" + FORGED, new RuntimeException("cause\n" + FORGED)));

        List<String> lines = new OneLineFormatter().format(record).lines().toList();

        assertThat(lines.getFirst())
                .contains("INFO test: client evil\\n" + FORGED + "\\r\\n\\u2028" + FORGED)
                .contains(" | java.lang.IllegalStateException: bad\\n" + FORGED);
        assertThat(lines.subList(1, lines.size()))
                .allMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "))
                .anyMatch(line -> line.equals("Caused by: java.lang.RuntimeException: cause\\n" + FORGED));
    }

    @Test
    void aHugeMessageIsCut() {
        LogRecord record = new LogRecord(Level.WARNING, "x".repeat(100_000));
        record.setLoggerName("test");
        String line = new OneLineFormatter().format(record);
        assertThat(line.length()).isLessThan(OneLineFormatter.MAX_MESSAGE_CHARS + 200);
        assertThat(line).contains("(98000 more characters)");
    }
}
