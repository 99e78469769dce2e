package dev.tether.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The terminal's character set: the JVM's {@code stdout.encoding}, except that plain ASCII, what Java picks when no
 * locale is set ({@code LANG} unset, {@code LC_ALL=C}: containers, {@code env -i}, services), counts as UTF-8. Java
 * would write {@code ?} for every other character there, while terminals today read UTF-8 (Python makes the same
 * choice for the C locale, PEP 538).
 */
public final class ConsoleCharset {

    private ConsoleCharset() {}

    /** What to write to and read from the terminal. */
    public static Charset get() {
        return of(System.getProperty("stdout.encoding"));
    }

    /** {@code encoding} (a JVM {@code std*.encoding}), with ASCII and unknown names read as UTF-8. */
    static Charset of(String encoding) {
        if (encoding == null) {
            return StandardCharsets.UTF_8;
        }
        Charset named = Charset.forName(encoding, StandardCharsets.UTF_8);
        return named.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : named;
    }

    /** Points {@code System.out} and {@code System.err} at UTF-8 where they would write ASCII; call first in main. */
    public static void useUtf8WithoutALocale() {
        if (ascii("stdout.encoding")) {
            System.setOut(utf8(FileDescriptor.out));
        }
        if (ascii("stderr.encoding")) {
            System.setErr(utf8(FileDescriptor.err));
        }
    }

    private static boolean ascii(String property) {
        String encoding = System.getProperty(property);
        return encoding != null
                && Charset.forName(encoding, StandardCharsets.UTF_8).equals(StandardCharsets.US_ASCII);
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 8192), true, StandardCharsets.UTF_8);
    }
}
