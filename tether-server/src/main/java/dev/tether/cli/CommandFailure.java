package dev.tether.cli;

import dev.tether.configfile.ConfigException;
import java.io.PrintStream;

/** How a {@code tether} subcommand reports what stops it before it starts: one line on stderr and an exit code. */
public final class CommandFailure {

    private CommandFailure() {}

    /**
     * Prints {@code e} for {@code command} (e.g. {@code tether pull}) and returns the exit code: 1 for a
     * configuration error, 2 with the usage for a bad command line.
     */
    public static int report(String command, RuntimeException e, String usage, PrintStream err) {
        if (e instanceof ConfigException) {
            err.println(command + ": configuration error: " + e.getMessage());
            return 1;
        }
        err.println(command + ": " + e.getMessage() + "\n" + usage);
        return 2;
    }
}
