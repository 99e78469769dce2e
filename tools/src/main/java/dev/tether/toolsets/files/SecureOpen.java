package dev.tether.toolsets.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a file by its real path without following a symbolic link at any component: each folder is opened relative
 * to the one before ({@code openat} with {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}). A folder
 * swapped for a link to elsewhere after the path was checked then makes the open fail instead of reading outside
 * the allowed folders. Where the platform has no secure directory streams, the last component is still not followed.
 */
public final class SecureOpen {

    private SecureOpen() {}

    /**
     * The folder {@code real} (absolute, free of links) opened the same way, for operations relative to it; empty
     * where the platform has no secure directory streams.
     */
    static Optional<SecureDirectoryStream<Path>> folder(Path real) throws IOException {
        Path root = real.getRoot();
        if (root == null) {
            throw new IOException("not an absolute path: " + real);
        }
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> folder)) {
            top.close();
            return Optional.empty();
        }
        try {
            for (Path name : real) {
                SecureDirectoryStream<Path> inner = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                folder.close();
                folder = inner;
            }
            return Optional.of(folder);
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** {@code real} must be absolute and free of links (a real path); the stream reads that very file. */
    public static InputStream read(Path real) throws IOException {
        Path root = real.getRoot();
        if (root == null || real.getNameCount() == 0) {
            throw new IOException("not an absolute file path: " + real);
        }
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> folder)) {
            top.close();
            return Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            for (int i = 0; i < real.getNameCount() - 1; i++) {
                SecureDirectoryStream<Path> inner =
                        folder.newDirectoryStream(real.getName(i), LinkOption.NOFOLLOW_LINKS);
                folder.close();
                folder = inner;
            }
            return Channels.newInputStream(folder.newByteChannel(
                    real.getFileName(), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } finally {
            folder.close();
        }
    }
}
