package dev.tether.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second process that holds the lock on a pull's part file, as a {@code tether pull} beside the server does: it
 * prints {@code locked} once it holds the lock and lets go when its stdin ends.
 */
public final class PartLockHolder {

    private PartLockHolder() {}

    public static void main(String[] args) throws IOException {
        try (FileChannel channel =
                        FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // holds the lock until the test closes stdin
            }
        }
    }

    /** Starts the holder on {@code part} and returns once it holds the lock. */
    static Process hold(Path part) throws IOException {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        PartLockHolder.class.getName(),
                        part.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new String(child.getInputStream().readNBytes("locked".length()));
        if (!line.equals("locked")) {
            child.destroyForcibly();
            throw new IOException("the lock holder did not start: " + line);
        }
        return child;
    }
}
