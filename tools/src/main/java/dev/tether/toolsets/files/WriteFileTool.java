package dev.tether.toolsets.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a text file inside the roots, only when the files config says {@code writable: true}. The content goes
 * to a temporary file first, then takes the target's name in one step, so a reader never sees half a file; an
 * existing file is replaced only with {@code overwrite: true}.
 */
@ToolInfo(
        name = "write_file",
        readOnly = false,
        destructive = true,
        description = "Writes a UTF-8 text file inside the user's allowed folders. Refuses to replace an existing "
                + "file unless overwrite is true. The folder must exist.")
public final class WriteFileTool {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Written(String path, long bytes, boolean replaced) {}

    private final FilesConfig config;

    public WriteFileTool(ToolContext context) {
        this.config = FilesConfig.from(context);
        if (!config.writable()) {
            throw new ToolUnavailableException("the folders are read-only: set args.writable: true to allow writes");
        }
    }

    public Written run(
            @Param(description = "The file to write: relative to an allowed folder, or absolute " + "inside one")
                    String path,
            @Param(description = "The full text to write") String content,
            @Param(description = "Replace the file if it exists", defaultValue = "false") boolean overwrite) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > config.maxWriteBytes()) {
            throw new ToolException("content is " + bytes.length + " bytes; the limit is " + config.maxWriteBytes());
        }
        Path target = config.roots().forWrite(path);
        Optional<Boolean> replaced = SecureWrite.write(target, bytes, overwrite, path);
        if (replaced.isPresent()) {
            return new Written(config.roots().show(target), bytes.length, replaced.get());
        }
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !overwrite) {
            throw new ToolException(path + " already exists; pass overwrite: true to replace it");
        }
        if (exists && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("refused: " + path + " is not a regular file");
        }
        Path temp = temporary(target, bytes, exists);
        try {
            publish(temp, target, overwrite, path);
        } finally {
            deleteQuietly(temp);
        }
        return new Written(config.roots().show(target), bytes.length, exists);
    }

    /** The content in a new file beside the target, with the target's permissions when it is replaced. */
    private static Path temporary(Path target, byte[] bytes, boolean replacing) {
        Path temp = target.resolveSibling(".tether-" + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (replacing && Files.getFileStore(target).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ToolException("cannot write in " + target.getParent() + ": " + e.getMessage());
        }
    }

    /**
     * Replacing: an atomic rename. Creating: a hard link, which fails if the name appeared meanwhile (a rename
     * would silently replace it); where links are unsupported, a plain move that refuses an existing target.
     */
    private static void publish(Path temp, Path target, boolean overwrite, String path) {
        try {
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException | IOException e) {
                if (e instanceof FileAlreadyExistsException) {
                    throw (FileAlreadyExistsException) e;
                }
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ToolException(path + " already exists; pass overwrite: true to replace it");
        } catch (IOException e) {
            throw new ToolException("cannot write " + path + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; it starts with a dot and ends with .tmp
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.writeFile(arguments, result);
    }
}
