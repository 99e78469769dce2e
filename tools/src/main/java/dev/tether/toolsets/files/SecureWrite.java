package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file through its folder opened beneath the filesystem root without following links
 * ({@link SecureOpen#folder}): the temporary file, the check for an existing file and the final rename all happen
 * relative to that open folder, so a folder swapped for a link after the path was checked cannot redirect the write.
 */
final class SecureWrite {

    private static final Set<OpenOption> CREATE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private SecureWrite() {}

    /**
     * Writes {@code bytes} as {@code target} (a real folder plus a name); whether a file was replaced, or empty
     * where the platform has no secure directory streams (the caller then writes by path).
     */
    static Optional<Boolean> write(Path target, byte[] bytes, boolean overwrite, String shown) {
        Path name = target.getFileName();
        try (SecureDirectoryStream<Path> folder =
                SecureOpen.folder(target.getParent()).orElse(null)) {
            if (folder == null) {
                return Optional.empty();
            }
            Optional<BasicFileAttributes> existing = attributes(folder, name);
            if (existing.isPresent() && !overwrite) {
                throw new ToolException(shown + " already exists; pass overwrite: true to replace it");
            }
            if (existing.isPresent() && !existing.get().isRegularFile()) {
                throw new ToolException("refused: " + shown + " is not a regular file");
            }
            Path temp = Path.of(".tether-" + UUID.randomUUID() + ".tmp");
            try {
                writeTemporary(folder, temp, name, bytes, existing.isPresent());
                if (!overwrite && attributes(folder, name).isPresent()) {
                    throw new ToolException(shown + " already exists; pass overwrite: true to replace it");
                }
                folder.move(temp, folder, name);
            } finally {
                deleteQuietly(folder, temp);
            }
            return Optional.of(existing.isPresent());
        } catch (FileSystemException e) {
            throw new ToolException("refused: " + shown + " could not be written beneath the allowed folder ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new ToolException("cannot write " + shown + ": " + e.getMessage());
        }
    }

    private static void writeTemporary(
            SecureDirectoryStream<Path> folder, Path temp, Path name, byte[] bytes, boolean replacing)
            throws IOException {
        try (SeekableByteChannel channel = folder.newByteChannel(temp, CREATE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        PosixFileAttributeView target =
                folder.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (replacing && target != null) {
            folder.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(target.readAttributes().permissions());
        }
    }

    private static Optional<BasicFileAttributes> attributes(SecureDirectoryStream<Path> folder, Path name)
            throws IOException {
        try {
            return Optional.of(
                    folder.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> folder, Path temp) {
        try {
            folder.deleteFile(temp);
        } catch (IOException ignored) {
            // already renamed into place, or a harmless leftover starting with a dot
        }
    }
}
