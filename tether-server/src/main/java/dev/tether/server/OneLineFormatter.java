package dev.tether.server;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log record, one line: {@code 2026-12-02 13:00:00 WARNING logger: message | exception}, then the stack
 * frames. Messages can carry what clients sent (an MCP client's name, a path), so control characters are escaped —
 * a newline cannot forge a record — and a message longer than {@link #MAX_MESSAGE_CHARS} is cut.
 */
public final class OneLineFormatter extends Formatter {

    static final int MAX_MESSAGE_CHARS = 2000;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(record.getInstant()))
                .append(' ')
                .append(record.getLevel().getName())
                .append(' ')
                .append(record.getLoggerName())
                .append(": ")
                .append(printable(formatMessage(record)));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.append(" | ").append(printable(thrown.toString()));
            frames(line, thrown);
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static void frames(StringBuilder out, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t != thrown) {
                out.append(System.lineSeparator()).append("Caused by: ").append(printable(t.toString()));
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                out.append(System.lineSeparator()).append("\tat ").append(frame);
            }
        }
    }

    /** {@code text} cut to the limit, with line breaks and other control characters written as escapes. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        int cut = Math.min(text.length(), MAX_MESSAGE_CHARS);
        StringBuilder out = new StringBuilder(cut + 16);
        for (int i = 0; i < cut; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (cut < text.length()) {
            out.append("… (").append(text.length() - cut).append(" more characters)");
        }
        return out.toString();
    }
}
