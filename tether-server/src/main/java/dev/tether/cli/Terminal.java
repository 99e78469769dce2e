package dev.tether.cli;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where {@code tether chat} writes: to a terminal ({@code interactive}: everything on standard output, answers
 * word-wrapped to {@code width} columns) or to a pipe or file (answers alone on standard output, unwrapped; the
 * rest — picker, prompts, tool lines, figures — on standard error).
 */
record Terminal(boolean interactive, int width) {

    static final int DEFAULT_WIDTH = 80;

    static Terminal piped() {
        return new Terminal(false, 0);
    }

    /**
     * This process's terminal: interactive when standard input and output both are one; the width from env
     * {@code COLUMNS}, else from {@code stty size}, else {@value #DEFAULT_WIDTH}.
     */
    static Terminal detect(Function<String, String> env) {
        Console console = System.console();
        boolean interactive = console != null && isTerminal(console);
        return interactive ? new Terminal(true, width(env)) : piped();
    }

    /** The answer and the rest of the output, on one stream or two. */
    Screen screen(PrintStream out, PrintStream err) {
        if (interactive) {
            TextOut both = new TextOut(out, width);
            return new Screen(both, both, true);
        }
        return new Screen(new TextOut(out, 0), new TextOut(err, 0), false);
    }

    private static boolean isTerminal(Console console) {
        // Console.isTerminal() is Java 22+; on 21 System.console() is null unless stdin and stdout are a terminal
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static int width(Function<String, String> env) {
        String columns = env.apply("COLUMNS");
        if (columns != null && columns.strip().matches("\\d{1,4}") && Integer.parseInt(columns.strip()) > 0) {
            return Integer.parseInt(columns.strip());
        }
        return sttyWidth().orElse(DEFAULT_WIDTH);
    }

    /** The shell rarely exports COLUMNS; {@code stty size} reads the terminal's own (Linux, macOS). */
    private static Optional<Integer> sttyWidth() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return Optional.empty();
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return Optional.empty();
            }
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\s+");
            return size.length == 2 && size[1].matches("\\d{1,4}") && Integer.parseInt(size[1]) > 0
                    ? Optional.of(Integer.parseInt(size[1]))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
