package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What Maildir and mbox accounts share: one {@link LocalFolder#session()} for the messages they read and make, and
 * folder names read from a directory listing.
 */
abstract class LocalAccount implements MailAccount {

    final Session session = LocalFolder.session();

    @Override
    public Session session() {
        return session;
    }

    /**
     * The names of the entries of {@code dir} that {@code isFolder} accepts, each as {@code folderName} turns it,
     * sorted; {@code what} names {@code dir} in the error.
     */
    static List<String> folderNames(Path dir, Predicate<Path> isFolder, UnaryOperator<String> folderName, String what) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(isFolder)
                    .map(p -> folderName.apply(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ToolException("cannot list " + what);
        }
    }
}
